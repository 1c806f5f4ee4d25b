import { settled } from '@webhooks/test-kit';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { E2e } from './support/service.js';
import { newProject, startE2e, subscribe, uid } from './support/service.js';

let e2e: E2e;
beforeAll(async () => {
  e2e = await startE2e();
}, 60_000);
afterAll(async () => {
  await e2e.stop();
});

type Project = Awaited<ReturnType<typeof newProject>>;
const now = () => new Date().toISOString();
const user = (id: string, extra: Record<string, unknown> = {}) => ({ id, username: `${id}@example.com`, ...extra });

async function report(project: Project, activity: Record<string, unknown>) {
  const res = await project.platform.post<{ events: { key: string; deliveries: number; suppressed?: string }[] }>(`${project.base}/activities`, {
    id: uid('act'),
    origin: 'applicant',
    occurredAt: now(),
    ...activity,
  });
  expect(res.status).toBe(202);
  return res.body;
}

async function submit(project: Project, formId: string, who: Record<string, unknown>, doc: Record<string, unknown> = {}, complete = true) {
  const res = await project.platform.post<Record<string, unknown>>(`${project.base}/forms/${formId}/submissions`, {
    id: uid('sub'),
    origin: 'applicant',
    user: who,
    doc,
    complete,
  });
  expect(res.status).toBe(200);
  return res.body;
}

async function forms(project: Project, list: [string, 'user' | 'parent' | 'child', boolean?][]) {
  for (const [id, audience, mandatory] of list) {
    const res = await project.platform.put(`${project.base}/forms/${id}`, { name: `Form ${id}`, audience, ...(mandatory === undefined ? {} : { mandatory }) });
    expect(res.status).toBe(200);
  }
}

async function trigger(project: Project, id: string, on: Record<string, unknown>, addForms: string[]) {
  const res = await project.platform.put(`${project.base}/triggers/${id}`, { on, addForms });
  expect(res.status).toBe(200);
}


describe('the service end to end', () => {
  describe('when an applicant registers, gets trigger forms and submits them', () => {
    it('should deliver user_registered, then user_complete exactly once, each signed', async () => {
      const p = await newProject(e2e);
      await forms(p, [['f1', 'user'], ['f2', 'user'], ['opt', 'user', false]]);
      await trigger(p, 'start', { type: 'account_created' }, ['f1', 'f2', 'opt']);
      await subscribe(e2e, p, 'user_registered', '/reg');
      await subscribe(e2e, p, 'user_complete', '/complete');
      await report(p, { type: 'registered', user: user('u1') });
      await submit(p, 'f1', user('u1'));
      await submit(p, 'f2', user('u1'));
      await submit(p, 'f2', user('u1'));
      await submit(p, 'opt', user('u1'));
      await e2e.receiver.waitFor('/complete', 1);
      await e2e.receiver.waitFor('/reg', 1);
      await settled(p);
      expect(e2e.receiver.at('/complete')).toHaveLength(1);
      expect(e2e.receiver.at('/complete')[0]?.verified).toBe(true);
      expect(e2e.receiver.at('/reg')[0]?.json).toMatchObject({ event: 'user_registered', user_info: { id: 'u1' } });
    });
  });

  describe('when the last form adds another through a trigger', () => {
    it('should delay user_complete until the added form is complete', async () => {
      const p = await newProject(e2e);
      await forms(p, [['a', 'user'], ['b', 'user']]);
      await trigger(p, 'start', { type: 'account_created' }, ['a']);
      await trigger(p, 'more', { type: 'form_submitted', formId: 'a', when: { wants_b: 'yes' } }, ['b']);
      await subscribe(e2e, p, 'user_complete', '/delayed');
      await report(p, { type: 'registered', user: user('u2') });
      await submit(p, 'a', user('u2'), { wants_b: 'yes' });
      await settled(p);
      expect(e2e.receiver.at('/delayed')).toHaveLength(0);
      await submit(p, 'b', user('u2'));
      await e2e.receiver.waitFor('/delayed', 1);
    });
  });

  describe('when a family registers children', () => {
    it('should deliver child_complete per child and user_complete for the parent', async () => {
      const p = await newProject(e2e, 'family');
      await forms(p, [['pf', 'parent'], ['cf', 'child']]);
      await trigger(p, 'tp', { type: 'account_created' }, ['pf']);
      await trigger(p, 'tc', { type: 'child_created' }, ['cf']);
      await subscribe(e2e, p, 'child_complete', '/child');
      await subscribe(e2e, p, 'user_complete', '/parent');
      const parent = user('mum', { role: 'parent' });
      await report(p, { type: 'registered', user: parent });
      for (const kid of ['k1', 'k2']) await report(p, { type: 'child_added', user: user(kid, { role: 'child', parentId: 'mum' }) });
      await submit(p, 'cf', user('k1', { role: 'child', parentId: 'mum' }));
      await submit(p, 'cf', user('k2', { role: 'child', parentId: 'mum' }));
      await submit(p, 'pf', parent);
      const children = await e2e.receiver.waitFor('/child', 2);
      expect(children.map((r) => (r.json['user_info'] as { id: string }).id).sort()).toEqual(['k1', 'k2']);
      const parents = await e2e.receiver.waitFor('/parent', 1);
      expect((parents[0]?.json['user_info'] as { id: string }).id).toBe('mum');
      expect([...children, ...parents].every((r) => r.verified)).toBe(true);
    });
  });

  describe('when form_preprocess answers', () => {
    it('should stop on an error, and treat an error with a jdoc as a conflict', async () => {
      const p = await newProject(e2e);
      await forms(p, [['42', 'user']]);
      await subscribe(e2e, p, 'form_preprocess', '/pre');
      e2e.receiver.behave('/pre', { kind: 'reply', status: 200, body: { msg: 'Too young', msg_type: 'error', jdoc: { age: 18 } } });
      const res = await p.platform.post<{ proceed: boolean; messages: { text: string; type: string }[]; patch: object; conflicts: unknown[] }>(
        `${p.base}/forms/42/preprocess`,
        { id: uid('pre'), origin: 'applicant', user: user('u3'), doc: { age: 12 } },
      );
      expect(res.status).toBe(200);
      expect(res.body.proceed).toBe(false);
      expect(res.body.messages).toEqual([expect.objectContaining({ text: 'Too young', type: 'error' })]);
      expect(res.body.patch).toEqual({});
      expect(res.body.conflicts.length).toBeGreaterThan(0);
      expect(e2e.receiver.at('/pre')[0]?.verified).toBe(true);
    });
  });

  describe('when form_submit_{form} answers with a patch and a redirect', () => {
    it('should return them, and queue form_submitted carrying the form as saved (patched)', async () => {
      const p = await newProject(e2e);
      await forms(p, [['7', 'user']]);
      await subscribe(e2e, p, 'form_submit_7', '/submit7');
      await subscribe(e2e, p, 'form_submitted', '/submitted');
      e2e.receiver.behave('/submit7', { kind: 'reply', status: 200, body: { msg: 'Thanks', msg_type: 'success', jdoc: { name: 'Fixed' }, redirect: 'https://example.com/done' } });
      const decision = await submit(p, '7', user('u4'), { name: 'fixed?' });
      expect(decision).toMatchObject({ proceed: true, patch: { name: 'Fixed' }, redirect: 'https://example.com/done' });
      const [submitted] = await e2e.receiver.waitFor('/submitted', 1);
      expect(submitted?.json).toMatchObject({ event: 'form_submitted', form_info: { id: '7' }, doc: { name: 'Fixed' } });
    });
  });

  describe('when form_load_{form} answers with a redirect', () => {
    it('should honour it and deliver form_viewed_{form} after the load hook answered', async () => {
      const p = await newProject(e2e);
      await forms(p, [['9', 'user']]);
      await subscribe(e2e, p, 'form_load_9', '/load9');
      await subscribe(e2e, p, 'form_viewed_9', '/viewed9');
      e2e.receiver.behave('/load9', { kind: 'reply', status: 200, body: { redirect: 'https://example.com/elsewhere' } });
      const res = await p.platform.post<{ redirect: string }>(`${p.base}/forms/9/load`, { id: uid('load'), origin: 'applicant', user: user('u5'), doc: {} });
      expect(res.body.redirect).toBe('https://example.com/elsewhere');
      await e2e.receiver.waitFor('/viewed9', 1);
      const order = e2e.receiver.received.filter((r) => r.path === '/load9' || r.path === '/viewed9').map((r) => r.path);
      expect(order).toEqual(['/load9', '/viewed9']);
    });
  });

  describe('when activities come from the API or through remember-me', () => {
    it('should send nothing and say why', async () => {
      const p = await newProject(e2e);
      await subscribe(e2e, p, 'user_registered', '/api-origin');
      await subscribe(e2e, p, 'login_success', '/login');
      const viaApi = await report(p, { type: 'registered', origin: 'api', user: user('u6') });
      expect(viaApi.events[0]).toMatchObject({ key: 'user_registered', deliveries: 0, suppressed: 'api_origin' });
      const remembered = await report(p, { type: 'login', via: 'remember_me', user: user('u6') });
      expect(remembered.events[0]).toMatchObject({ deliveries: 0, suppressed: 'remember_me' });
      await report(p, { type: 'login', via: 'password', user: user('u6') });
      await e2e.receiver.waitFor('/login', 1);
      await settled(p);
      expect(e2e.receiver.at('/api-origin')).toHaveLength(0);
      expect(e2e.receiver.at('/login')).toHaveLength(1);
    });
  });

  describe('when the project has no active API admin', () => {
    it('should send nothing until one exists again, and lose nothing queued', async () => {
      const p = await newProject(e2e);
      await subscribe(e2e, p, 'login_success', '/noadmin', {});
      const off = await e2e.operator.patch(`${p.base}/admins/${p.adminId}`, { active: false });
      expect(off.status).toBe(200);
      const suppressed = await report(p, { type: 'login', via: 'password', user: user('u7') });
      expect(suppressed.events[0]).toMatchObject({ deliveries: 0, suppressed: 'no_api_admin' });
      // Re-activated, the admin gets a new key; the old one stays refused.
      const on = await e2e.operator.patch<{ apiKey: string }>(`${p.base}/admins/${p.adminId}`, { active: true });
      expect(on.status).toBe(200);
      expect((await p.admin.get(`${p.base}/webhooks`)).status).toBe(401);
      await report(p, { type: 'login', via: 'password', user: user('u7') });
      await e2e.receiver.waitFor('/noadmin', 1);
      await settled({ ...p, admin: e2e.anonymous.as(on.body.apiKey) });
      expect(e2e.receiver.at('/noadmin')).toHaveLength(1);
    });
  });

  describe('when credentials change with a password in the report', () => {
    it('should never deliver the password', async () => {
      const p = await newProject(e2e);
      await subscribe(e2e, p, 'edit_user_credentials', '/creds');
      const res = await p.platform.post(`${p.base}/activities`, {
        id: uid('cred'),
        type: 'credentials_changed',
        origin: 'applicant',
        occurredAt: now(),
        user: user('u8'),
        changed: ['password', 'username'],
      });
      expect(res.status).toBe(202);
      const [got] = await e2e.receiver.waitFor('/creds', 1);
      expect(got?.json).toMatchObject({ event: 'edit_user_credentials', username: 'u8@example.com' });
      expect(got?.body.toLowerCase()).not.toContain('password');
      expect(e2e.logs.join('')).not.toContain(p.apiKey);
      expect(e2e.logs.join('')).not.toContain(p.platformKey);
    });
  });

  describe('when webhooks are configured badly', () => {
    it('should refuse a * key and a second event on one URL with clear errors', async () => {
      const p = await newProject(e2e);
      const star = await p.admin.post<{ errors: { path: string; message: string }[] }>(`${p.base}/webhooks`, { event: 'form_submit_*', url: e2e.receiver.url('/x') });
      expect(star.status).toBe(422);
      expect(star.headers.get('content-type')).toContain('application/problem+json');
      expect(star.body.errors[0]).toMatchObject({ path: 'event', message: expect.stringContaining('form id') });
      const first = await subscribe(e2e, p, 'user_registered', '/one-url');
      const second = await p.admin.post<{ existingId: string; detail: string }>(`${p.base}/webhooks`, { event: 'login_success', url: e2e.receiver.url('/one-url') });
      expect(second.status).toBe(409);
      expect(second.body.existingId).toBe(first.id);
    });
  });

  describe('when a caller uses another project\'s keys', () => {
    it('should answer 404 everywhere, revealing nothing', async () => {
      const mine = await newProject(e2e);
      const theirs = await newProject(e2e);
      const hook = await subscribe(e2e, theirs, 'user_registered', '/theirs');
      expect((await mine.admin.get(`${theirs.base}/webhooks`)).status).toBe(404);
      expect((await mine.admin.get(`${theirs.base}/webhooks/${hook.id}`)).status).toBe(404);
      expect((await mine.admin.get(`${mine.base}/webhooks/${hook.id}`)).status).toBe(404);
      expect((await mine.platform.post(`${theirs.base}/activities`, { id: uid(), type: 'registered', origin: 'applicant', occurredAt: now(), user: user('x') })).status).toBe(404);
      expect((await e2e.anonymous.get(`${theirs.base}/webhooks`)).status).toBe(401);
    });
  });
});
