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
interface Problem {
  status: number;
  detail: string;
  reason?: string;
  errors?: { path: string; message: string }[];
}

const activity = (over: Record<string, unknown>) => ({ id: uid('act'), origin: 'applicant', occurredAt: new Date().toISOString(), ...over });
const report = (p: Project, body: Record<string, unknown>) => p.platform.post<Problem & { activityId: unknown }>(`${p.base}/activities`, body);

async function form(p: Project, id: string): Promise<void> {
  expect((await p.platform.put(`${p.base}/forms/${id}`, { name: `Form ${id}`, audience: 'user' })).status).toBe(200);
}

describe('a contract a platform can call as it is, over HTTP', () => {
  describe('when ids are numbers', () => {
    it('should key them as strings and deliver them as sent', async () => {
      const p = await newProject(e2e);
      await subscribe(e2e, p, 'user_registered', '/ids-registered');
      await subscribe(e2e, p, 'user_complete', '/ids-complete');
      await form(p, '7');
      expect((await p.platform.put(`${p.base}/triggers/start`, { on: { type: 'account_created' }, addForms: [7] })).body).toMatchObject({ addForms: ['7'] });
      const id = Date.now();
      const registered = await report(p, activity({ id, type: 'registered', user: { id: 42, username: 'ann' } }));
      expect(registered.status).toBe(202);
      expect(registered.body.activityId).toBe(id);
      // The same user spelled as a string submits the trigger's form, by its number id: one user.
      const submitted = await p.platform.post(`${p.base}/forms/7/submissions`, { id: id + 1, origin: 'applicant', user: { id: '42', username: 'ann' }, doc: {}, complete: true });
      expect(submitted.status).toBe(200);
      const [reg] = await e2e.receiver.waitFor('/ids-registered', 1);
      expect(reg?.json).toMatchObject({ user_info: { id: 42, username: 'ann' }, meta_info: { activity_id: id } });
      const [complete] = await e2e.receiver.waitFor('/ids-complete', 1);
      expect(complete?.json).toMatchObject({ user_info: { id: '42' }, meta_info: { activity_id: id + 1 } });
      expect([reg?.verified, complete?.verified]).toEqual([true, true]);
    });

    it('should refuse a number that is not a whole number from 0 to 2^53 − 1, naming the field', async () => {
      const p = await newProject(e2e);
      const refused = await report(p, activity({ type: 'registered', user: { id: 1.5, username: 'x' } }));
      expect(refused.status).toBe(422);
      expect(refused.body.errors).toEqual([{ path: 'user.id', message: expect.stringContaining('whole number from 0 to 2^53 − 1') }]);
    });
  });

  describe('when users carry an email and fields of the platform', () => {
    it('should deliver them in user_info without any password', async () => {
      const p = await newProject(e2e);
      await subscribe(e2e, p, 'login_success', '/fields');
      const user = { id: 'u1', username: 'ann', email: 'ann@example.com', fields: { school: 'North', sso: { provider: 'x', password: 'hunter2' } } };
      expect((await report(p, activity({ type: 'login', via: 'password', user }))).status).toBe(202);
      const [login] = await e2e.receiver.waitFor('/fields', 1);
      expect(login?.json['user_info']).toEqual({ id: 'u1', username: 'ann', email: 'ann@example.com', fields: { school: 'North', sso: { provider: 'x' } } });
      expect(login?.body).not.toContain('hunter2');
    });

    it('should refuse fields nested too deep, and a malformed email, naming each', async () => {
      const p = await newProject(e2e);
      const deep = await report(p, activity({ type: 'login', via: 'password', user: { id: 'u1', username: 'a', fields: { a: { b: { c: { d: 1 } } } } } }));
      expect(deep.status).toBe(422);
      expect(deep.body.errors).toEqual([{ path: 'user.fields', message: expect.stringContaining('at most 3 levels deep') }]);
      const email = await report(p, activity({ type: 'login', via: 'password', user: { id: 'u1', username: 'a', email: 'not-an-address' } }));
      expect(email.status).toBe(422);
      expect(email.body.errors?.map((e) => e.path)).toEqual(['user.email']);
    });
  });

  describe('when a submission does not say whether it completes its form', () => {
    it('should answer 422 naming complete, and call no subscriber', async () => {
      const p = await newProject(e2e);
      await form(p, 'f1');
      await subscribe(e2e, p, 'form_submit_f1', '/no-complete');
      await subscribe(e2e, p, 'form_submitted', '/no-complete-notify');
      const refused = await p.platform.post<Problem>(`${p.base}/forms/f1/submissions`, { id: uid('sub'), origin: 'applicant', user: { id: 'u1', username: 'a' }, doc: {} });
      expect(refused.status).toBe(422);
      expect(refused.body.errors).toEqual([{ path: 'complete', message: 'is required' }]);
      // The same submission saying it: the hook is called, form_submitted delivered — and nothing before.
      const ok = await p.platform.post(`${p.base}/forms/f1/submissions`, { id: uid('sub'), origin: 'applicant', user: { id: 'u1', username: 'a' }, doc: {}, complete: false });
      expect(ok.status).toBe(200);
      const [notified] = await e2e.receiver.waitFor('/no-complete-notify', 1);
      expect(notified?.json['form_info']).toMatchObject({ complete: false });
      expect(e2e.receiver.at('/no-complete')).toHaveLength(1);
    });
  });

  describe('when a payment kind is reported', () => {
    it('should refuse a kind not of the list, listing the kinds, and deliver a listed one', async () => {
      const p = await newProject(e2e);
      await subscribe(e2e, p, 'payment_event', '/payments');
      const payment = { type: 'payment', user: { id: 'u1', username: 'a' }, payment: { amount: 5 }, cart: {}, allocations: [] };
      const refused = await report(p, activity({ ...payment, kind: 'chargeback' }));
      expect(refused.status).toBe(422);
      expect(refused.body.errors).toEqual([{ path: 'kind', message: 'must be one of: issued, approved, pending, failed, refunded, cancelled' }]);
      expect((await report(p, activity({ ...payment, kind: 'cancelled' }))).status).toBe(202);
      const [event] = await e2e.receiver.waitFor('/payments', 1);
      expect(event?.json['payment_info']).toEqual({ amount: 5, kind: 'cancelled' });
    });
  });

  describe("when a group's status changes", () => {
    it("should deliver each applicant's previous status", async () => {
      const p = await newProject(e2e);
      await subscribe(e2e, p, 'status_update', '/status');
      const users = [
        { id: 'u1', username: 'a', previousStatus: 'waitlisted' },
        { id: 2, username: 'b', previousStatus: 'applied' },
      ];
      expect((await report(p, activity({ type: 'status_changed', users, status: { to: 'accepted' } }))).status).toBe(202);
      const [event] = await e2e.receiver.waitFor('/status', 1);
      expect(event?.json['user_info']).toEqual([
        { id: 'u1', username: 'a', previous_status: 'waitlisted' },
        { id: 2, username: 'b', previous_status: 'applied' },
      ]);
    });
  });

  describe('when an id is repeated', () => {
    it('should answer an activity repeated with the same body as the first time, and refuse another body with 409', async () => {
      const p = await newProject(e2e);
      await subscribe(e2e, p, 'login_success', '/repeat');
      const id = uid('act');
      const first = await report(p, { id, type: 'login', via: 'password', origin: 'applicant', occurredAt: '2026-03-01T10:00:00Z', user: { id: 'u1', username: 'ann' } });
      expect(first.status).toBe(202);
      // The same body, keys in another order and spaced out: the same request.
      const raw = `{ "user": { "username": "ann", "id": "u1" }, "occurredAt": "2026-03-01T10:00:00Z", "origin": "applicant", "via": "password", "type": "login", "id": "${id}" }`;
      const again = await p.platform.post(`${p.base}/activities`, raw);
      expect([again.status, again.body]).toEqual([202, first.body]);
      const other = await report(p, { id, type: 'login', via: 'password', origin: 'applicant', occurredAt: '2026-03-01T10:00:00Z', user: { id: 'u1', username: 'bob' } });
      expect(other.status).toBe(409);
      expect(other.body).toMatchObject({ reason: 'id_reused', detail: expect.stringContaining(`activity id ${id} was used before for a request with another body`) });
      await e2e.receiver.waitFor('/repeat', 1);
      // A later activity arrives after the refused one would have: the refused one never does.
      expect((await report(p, activity({ type: 'login', via: 'password', user: { id: 'u2', username: 'cy' } }))).status).toBe(202);
      const arrived = await e2e.receiver.waitFor('/repeat', 2);
      expect(arrived.map((r) => (r.json['user_info'] as { username: string }).username)).toEqual(['ann', 'cy']);
    });

    it('should do the same for a submission: the hook is called once', async () => {
      const p = await newProject(e2e);
      await form(p, 'f1');
      await subscribe(e2e, p, 'form_submit_f1', '/repeat-submit');
      const body = { id: uid('sub'), origin: 'applicant', user: { id: 'u1', username: 'ann' }, doc: { a: 1 }, complete: true };
      const first = await p.platform.post(`${p.base}/forms/f1/submissions`, body);
      expect(first.status).toBe(200);
      const again = await p.platform.post(`${p.base}/forms/f1/submissions`, body);
      expect([again.status, again.body]).toEqual([200, first.body]);
      const other = await p.platform.post<Problem>(`${p.base}/forms/f1/submissions`, { ...body, doc: { a: 2 } });
      expect(other.status).toBe(409);
      expect(other.body.reason).toBe('id_reused');
      expect(e2e.receiver.at('/repeat-submit')).toHaveLength(1);
    });
  });

  describe('when forms and triggers are deleted', () => {
    it('should refuse to delete a form webhooks or triggers use, naming them, and delete it once they are gone', async () => {
      const p = await newProject(e2e);
      await form(p, 'f1');
      await form(p, 'f2');
      const hook = await subscribe(e2e, p, 'form_submit_f1', '/deleted-form');
      expect((await p.platform.put(`${p.base}/triggers/uses-f1`, { on: { type: 'form_submitted', formId: 'f1' }, addForms: ['f2'] })).status).toBe(200);
      const refused = await p.platform.delete<Problem & { inUseBy: unknown }>(`${p.base}/forms/f1`);
      expect(refused.status).toBe(409);
      expect(refused.body).toMatchObject({ reason: 'form_in_use', inUseBy: { webhooks: [hook.id], triggers: ['uses-f1'] }, detail: expect.stringContaining(`${hook.id} (form_submit_f1)`) });

      const triggers = await p.platform.get<{ items: { id: string }[] }>(`${p.base}/triggers`);
      expect(triggers.body.items.map((t) => t.id)).toEqual(['uses-f1']);
      expect((await p.platform.delete(`${p.base}/triggers/uses-f1`)).status).toBe(204);
      expect((await p.platform.delete(`${p.base}/triggers/uses-f1`)).status).toBe(404);
      expect((await p.admin.delete(`${p.base}/webhooks/${hook.id}`)).status).toBe(204);
      expect((await p.platform.delete(`${p.base}/forms/f1`)).status).toBe(204);
      const forms = await p.admin.get<{ items: { id: string }[] }>(`${p.base}/forms`);
      expect(forms.body.items.map((f) => f.id)).toEqual(['f2']);
      const gone = await p.platform.post(`${p.base}/forms/f1/submissions`, { id: uid('sub'), origin: 'applicant', user: { id: 'u1', username: 'a' }, doc: {}, complete: true });
      expect(gone.status).toBe(404);
    });

    it('should leave a deleted form out of completion: the next submission completes the user', async () => {
      const p = await newProject(e2e);
      await form(p, 'f1');
      await form(p, 'f2');
      await subscribe(e2e, p, 'user_complete', '/after-delete');
      expect((await p.platform.put(`${p.base}/triggers/start`, { on: { type: 'account_created' }, addForms: ['f1', 'f2'] })).status).toBe(200);
      expect((await report(p, activity({ type: 'registered', user: { id: 'u1', username: 'a' } }))).status).toBe(202);
      const submitF1 = () => p.platform.post(`${p.base}/forms/f1/submissions`, { id: uid('sub'), origin: 'applicant', user: { id: 'u1', username: 'a' }, doc: {}, complete: true });
      expect((await submitF1()).status).toBe(200);
      expect((await p.platform.delete(`${p.base}/triggers/start`)).status).toBe(204);
      expect((await p.platform.delete(`${p.base}/forms/f2`)).status).toBe(204);
      expect((await submitF1()).status).toBe(200);
      const [complete] = await e2e.receiver.waitFor('/after-delete', 1);
      expect(complete?.json['user_info']).toMatchObject({ id: 'u1' });
      expect(e2e.receiver.at('/after-delete')).toHaveLength(1);
    });
  });
});
