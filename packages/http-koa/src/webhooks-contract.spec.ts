import { describe, expect, it } from '@jest/globals';
import type { Json, Result } from '@webhooks/domain';
import { EVENT_CATALOG, ENVELOPE_KEYS, parseEventKey, parseSubscriberAnswer } from '@webhooks/domain';
import { createInMemoryService } from '@webhooks/domain/testing';
import type { InMemoryService } from '@webhooks/domain/testing';
import { webhookName } from './openapi/build-openapi.js';
import { WEBHOOKS, openApiDocument } from './routes/all-routes.js';
import { SubscriberAnswerView } from './schemas/interaction.schema.js';
import { compileValidator } from './validation/validator.js';

interface Operation {
  readonly parameters: readonly { readonly $ref: string }[];
  readonly requestBody: { readonly required: boolean; readonly content: Record<string, { readonly schema: { readonly $ref: string } }> };
  readonly responses: Record<string, { readonly content?: Record<string, { readonly schema: { readonly $ref: string } }> }>;
}
interface Doc {
  readonly servers: readonly { readonly url: string }[];
  readonly webhooks: Record<string, { readonly post: Operation }>;
  readonly components: { readonly parameters: Record<string, { readonly name: string; readonly in: string; readonly required: boolean }>; readonly schemas: Record<string, unknown> };
}

const must = <T>(result: Result<T>): T => {
  if (result.kind !== 'ok') throw new Error(JSON.stringify(result));
  return result.value;
};

/** Every event of the catalog, produced by the real use cases over the in-memory service: what subscribers got. */
async function everyPayload(): Promise<{ service: InMemoryService; bodies: { key: string; body: unknown; headers: Readonly<Record<string, string>> }[] }> {
  const service = createInMemoryService();
  const url = (key: string) => `https://hooks.example/${key}`;
  const project = async (system: 'individual' | 'family', keys: readonly string[], form: 'user' | 'child') => {
    const { project } = must(await service.projects.createProject({ name: `P ${system}`, system }));
    must(await service.projects.addAdmin(project.id, { email: 'a@example.com', apiAdmin: true }));
    must(await service.forms.putForm(project.id, 'f1', { name: 'Form 1', audience: form }));
    for (const key of keys) must(await service.webhooks.create(project.id, { event: key, url: url(`${system}/${key}`) }));
    return project.id;
  };
  const concrete = EVENT_CATALOG.filter((t) => !t.familyOnly).map((t) => t.key.replace('{form}', 'f1'));
  const individual = await project('individual', concrete, 'user');
  const family = await project('family', ['child_complete'], 'child');
  const at = service.clock.now();
  const user = { id: 'u1', username: 'ada@example.com', firstName: 'Ada', lastName: 'Lovelace' };
  const base = { origin: 'applicant' as const, occurredAt: at };
  const activities = [
    { type: 'registered', user },
    { type: 'login', user, via: 'password' },
    { type: 'credentials_changed', user, changed: ['username', 'password'] },
    { type: 'status_changed', users: [user, { id: 'u2', username: 'bob' }], status: { to: 'accepted' } },
    { type: 'tag_changed', users: [user], tag: { name: 'vip', action: 'added' } },
    { type: 'payment', user, kind: 'issued', payment: { id: 'p1', amount: 10 }, cart: { items: [] }, allocations: [{ item: 'x', amount: 10 }] },
    { type: 'payment', user, kind: 'refunded', payment: { id: 'p2', amount: 10 }, cart: { items: [] }, allocations: [] },
    { type: 'order_updated', user, cart: { items: ['x'] }, change: { action: 'added', product: { sku: 'x' } } },
  ];
  for (const [i, activity] of activities.entries()) must(await service.reportActivity.execute(individual, { id: `a${i}`, ...base, ...activity } as never));
  const interaction = { ...base, formId: 'f1', user, doc: { first_name: 'Ada' } };
  must(await service.interactions.execute(individual, { id: 'i1', moment: 'load', ...interaction }));
  must(await service.interactions.execute(individual, { id: 'i2', moment: 'preprocess', ...interaction }));
  must(await service.interactions.execute(individual, { id: 'i3', moment: 'submission', ...interaction, complete: true, analytics: { google: 'g' } }));
  const child = { id: 'c1', username: 'kid', role: 'child' as const, parentId: 'p1' };
  must(await service.interactions.execute(family, { id: 'i4', moment: 'submission', ...base, formId: 'f1', user: child, doc: {}, complete: true }));
  for (let n = await service.worker.runOnce(); n > 0; n = await service.worker.runOnce());
  const [hook] = (await service.storage.subscriptions.list(individual, { limit: 1 })).items;
  if (hook) must(await service.sendTest.execute(individual, hook.id));
  const bodies = service.transport.requests.map((r) => {
    const body = JSON.parse(r.body) as { event: string };
    const parsed = parseEventKey(body.event, null);
    return { key: parsed.kind === 'ok' ? parsed.type.key : body.event, body: body as unknown, headers: r.headers };
  });
  return { service, bodies };
}

describe('the OpenAPI document', () => {
  const doc = JSON.parse(JSON.stringify(openApiDocument())) as Doc;

  describe('when its servers are read', () => {
    it('should name a server even when no public URL is configured, and the configured one when it is', () => {
      expect(doc.servers).toEqual([{ url: '/', description: expect.any(String) }]);
      expect((openApiDocument({ publicBaseUrl: 'https://hooks.example' }) as unknown as Doc).servers).toEqual([{ url: 'https://hooks.example' }]);
    });
  });

  describe('when its webhooks section is read', () => {
    it('should describe one webhook per catalog row, per-form keys by their pattern', () => {
      expect(Object.keys(doc.webhooks)).toEqual(EVENT_CATALOG.map(webhookName));
      expect(Object.keys(doc.webhooks)).toContain('form_submit_*');
    });

    it('should give every webhook the three Standard Webhooks headers, required, and a JSON payload', () => {
      for (const [name, { post }] of Object.entries(doc.webhooks)) {
        const headers = post.parameters.map((p) => doc.components.parameters[p.$ref.replace('#/components/parameters/', '')]);
        expect({ name, headers: headers.map((h) => [h?.name, h?.in, h?.required]) }).toEqual({
          name,
          headers: [
            ['webhook-id', 'header', true],
            ['webhook-timestamp', 'header', true],
            ['webhook-signature', 'header', true],
          ],
        });
        const ref = post.requestBody.content['application/json']?.schema.$ref ?? '';
        expect(doc.components.schemas[ref.replace('#/components/schemas/', '')]).toBeDefined();
      }
    });

    it('should give interactive events the answer schema (msg, msg_type, jdoc, focus_on, redirect), and notify events none', () => {
      for (const type of EVENT_CATALOG) {
        const { responses } = doc.webhooks[webhookName(type)]!.post;
        const answer = responses['200']?.content?.['application/json']?.schema.$ref;
        expect({ key: type.key, answer }).toEqual({ key: type.key, answer: type.mode === 'interactive' ? '#/components/schemas/SubscriberAnswer' : undefined });
      }
      const schema = doc.components.schemas['SubscriberAnswer'] as { properties: object };
      expect(Object.keys(schema.properties)).toEqual(['msg', 'msg_type', 'jdoc', 'focus_on', 'redirect']);
    });

    it('should describe the envelope the domain writes, and exactly the payload fields of each row', () => {
      for (const { type, payload } of WEBHOOKS) {
        const keys = Object.keys((payload as unknown as { properties: object }).properties);
        expect(keys).toEqual([...ENVELOPE_KEYS, ...type.payload, 'test']);
      }
    });
  });

  describe('when the payloads the use cases send are checked against it', () => {
    it('should validate every payload of every catalog event, test sends included', async () => {
      const { bodies } = await everyPayload();
      expect([...new Set(bodies.map((b) => b.key))].sort()).toEqual(EVENT_CATALOG.map((t) => t.key).sort());
      expect(bodies.some((b) => (b.body as { test?: boolean }).test === true)).toBe(true);
      const validators = new Map(WEBHOOKS.map((w) => [w.type.key, compileValidator(w.payload)]));
      for (const { key, body, headers } of bodies) {
        const result = validators.get(key)?.(body);
        expect({ key, errors: result?.ok ? [] : result?.errors }).toEqual({ key, errors: [] });
        expect(Object.keys(headers).sort()).toEqual(expect.arrayContaining(['webhook-id', 'webhook-signature', 'webhook-timestamp']));
      }
    });

    it('should refuse a payload with a field the catalog does not declare (the check can fail)', () => {
      const validate = compileValidator(WEBHOOKS.find((w) => w.type.key === 'login_success')!.payload);
      const body = {
        event: 'login_success',
        event_id: 'msg_1',
        occurred_at: '2026-01-01T00:00:00Z',
        project_id: 'prj_1',
        user_info: { id: 'u1', username: 'ada' },
        meta_info: { project_id: 'prj_1', project_name: 'P', system: 'individual', activity_id: 'a1', origin: 'applicant', occurred_at: '2026-01-01T00:00:00Z' },
      };
      expect(validate(body).ok).toBe(true);
      expect(validate({ ...body, doc: {} }).ok).toBe(false);
      expect(validate({ ...body, user_info: { ...body.user_info, password: 'x' } }).ok).toBe(false);
    });
  });

  describe('when subscriber answers are checked against the answer schema', () => {
    const validate = compileValidator(SubscriberAnswerView);
    const answers: readonly Json[] = [
      {},
      { msg: 'Saved', msg_type: 'success' },
      { msg: 'Age must be over 18', msg_type: 'error', focus_on: 'age' },
      { msg: 'note', msg_type: 'info', unknown_field: 1 },
      { jdoc: { name: 'Ada', n: 1 }, redirect: 'https://example.com/next' },
      { msg: null, msg_type: null, jdoc: null, focus_on: null, redirect: null },
      { msg_type: 'shout' },
      { redirect: 'ftp://example.com' },
      { jdoc: ['not', 'an', 'object'] },
      { msg: 'x'.repeat(2001) },
      { focus_on: 7 },
    ];
    it.each(answers.map((a) => [JSON.stringify(a).slice(0, 60), a] as const))('should accept %s only if the service does', (_, answer) => {
      const documented = validate(answer).ok;
      const parsed = parseSubscriberAnswer(JSON.stringify(answer)).kind === 'ok';
      if (documented) expect(parsed).toBe(true);
      expect(documented).toBe(parsed);
    });
  });
});
