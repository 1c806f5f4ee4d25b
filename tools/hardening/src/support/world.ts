import fc from 'fast-check';
import type { ValueContext } from '../fuzz/schema-values.js';
import type { OpenApiDoc } from '../fuzz/openapi-operations.js';
import { resolver } from '../fuzz/openapi-operations.js';
import type { ProjectFixture } from './fixtures.js';
import { addAdmin, createProject, expectStatus, putForm, report, settled, subscribe, uid, user } from './fixtures.js';
import type { ServiceHandle } from './service.js';

/** A project set up with forms, a trigger, webhooks of many kinds, deliveries, and a spare (plain) admin. */
export interface RichProject extends ProjectFixture {
  readonly spareAdminId: string;
  readonly triggerId: string;
  readonly deliveryIds: readonly string[];
  /** A user the project knows (registered, with submissions). */
  readonly userId: string;
}

/** The concrete event keys a project with `forms` may subscribe to. */
function eventKeys(forms: readonly string[], system: 'individual' | 'family'): string[] {
  const plain = ['user_registered', 'login_success', 'edit_user_credentials', 'form_submitted', 'user_complete', 'status_update', 'payment_event', 'payment_refunded', 'payment_issued', 'tag_update', 'user_order_updated', 'form_preprocess'];
  if (system === 'family') plain.push('child_complete');
  return [...plain, ...forms.flatMap((f) => [`form_submit_${f}`, `form_load_${f}`, `form_viewed_${f}`, `form_preprocess_${f}`])];
}

/**
 * Sets up a project the way a real tenant looks: two forms and a trigger, webhooks (notify and
 * interactive) on the receiver, a few activities and interactions delivered, and a spare admin
 * (no API admin) for the admin routes. Waits until every delivery is done.
 */
export async function richProject(svc: ServiceHandle, tag: string): Promise<RichProject> {
  const project = await createProject(svc, 'individual', `Hardening ${tag}`);
  await putForm(svc, project, `${tag}1`);
  await putForm(svc, project, `${tag}2`);
  const triggerId = `${tag}-start`;
  expectStatus(await svc.http.json('PUT', `${project.base}/triggers/${triggerId}`, project.platformKey, { on: { type: 'account_created' }, addForms: [`${tag}1`] }), 200, 'put trigger');
  for (const event of ['user_registered', 'login_success', 'form_submitted', 'payment_event', 'status_update']) await subscribe(svc, project, event, `/${tag}/${event}`);
  for (const event of ['form_preprocess', `form_submit_${tag}1`, `form_load_${tag}1`]) {
    const hook = await subscribe(svc, project, event, `/${tag}/${event}`, { timeoutMs: 2000 });
    svc.receiver.behave(hook.path, { kind: 'reply', status: 200, body: {} });
  }
  const userId = uid('u');
  const who = user(userId);
  expectStatus(await report(svc, project, { type: 'registered', user: who }), 202, 'registered');
  expectStatus(await report(svc, project, { type: 'login', via: 'password', user: who }), 202, 'login');
  expectStatus(await report(svc, project, { type: 'status_changed', users: [who], status: { to: 'accepted' } }), 202, 'status');
  expectStatus(
    await report(svc, project, { type: 'payment', kind: 'issued', user: who, payment: { amount: 10 }, cart: { items: [] }, allocations: [] }),
    202,
    'payment',
  );
  for (const moment of ['preprocess', 'submissions', 'load']) {
    expectStatus(await svc.http.json('POST', `${project.base}/forms/${tag}1/${moment}`, project.platformKey, { id: uid('i'), origin: 'applicant', user: who, doc: { a: 1 }, ...(moment === 'submissions' ? { complete: true } : {}) }), 200, moment);
  }
  await settled(svc, project);
  const spare = await addAdmin(svc, project.id, false);
  const deliveries = expectStatus(await svc.http.json('GET', `${project.base}/deliveries?limit=100`, project.apiAdmin.key), 200, 'deliveries');
  return { ...project, spareAdminId: spare.id, triggerId, userId, deliveryIds: (deliveries['items'] as { id: string }[]).map((d) => d.id) };
}

/** Valid values for a project's requests: loopback URLs only, catalog events, its own ids. */
export function valuesFor(doc: OpenApiDoc, svc: ServiceHandle, project: RichProject): ValueContext {
  const events = eventKeys(project.forms, project.system);
  return {
    resolve: resolver(doc),
    override: (name, path) => {
      const parent = path[path.length - 2];
      if (name === 'url') return fc.stringMatching(/^[a-z0-9]{4,16}$/).map((p) => svc.receiver.url(`/fuzz/${project.id}/${p}`));
      if (name === 'event') return fc.constantFrom(...events);
      if (name === 'webhookId') return fc.constantFrom(...project.webhooks.map((w) => w.id));
      if (name === 'formId' || parent === 'addForms') return fc.constantFrom(...project.forms);
      if (name === 'timeoutMs') return fc.integer({ min: 1000, max: 10_000 });
      return undefined;
    },
  };
}
