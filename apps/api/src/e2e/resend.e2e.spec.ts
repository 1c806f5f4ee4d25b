import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { E2e } from './support/service.js';
import { newProject, startE2e, subscribe, uid } from './support/service.js';

// A short schedule: a delivery to a failing receiver is failed after three attempts within a second.
let e2e: E2e;
beforeAll(async () => {
  e2e = await startE2e({ RETRY_SCHEDULE_MS: '0,100,100', WORKER_POLL_MS: '50' });
}, 60_000);
afterAll(async () => {
  await e2e.stop();
});

type Project = Awaited<ReturnType<typeof newProject>>;
interface Delivery {
  id: string;
  event: string;
  status: string;
  suppressedReason: string | null;
}
interface Problem {
  status: number;
  detail: string;
  reason: string;
}

async function report(project: Project, activity: Record<string, unknown>): Promise<void> {
  const res = await project.platform.post(`${project.base}/activities`, { id: uid('act'), origin: 'applicant', occurredAt: new Date().toISOString(), ...activity });
  expect(res.status).toBe(202);
}

const user = { id: 'u1', username: 'u1@example.com' };

/** The project's deliveries of `event` once `done` holds for them (bounded wait). */
async function deliveriesOf(project: Project, event: string, done: (all: Delivery[]) => boolean): Promise<Delivery[]> {
  for (let i = 0; i < 300; i += 1) {
    const list = await project.admin.get<{ items: Delivery[] }>(`${project.base}/deliveries?event=${event}`);
    if (done(list.body.items)) return list.body.items;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`the deliveries of ${event} never got there`);
}

const resend = (project: Project, id: string) => project.admin.post<Problem>(`${project.base}/deliveries/${id}/resend`);

/** Nothing is queued in the project: what was refused can never reach the receiver. */
async function nothingPending(project: Project): Promise<void> {
  const pending = await project.admin.get<{ items: unknown[] }>(`${project.base}/deliveries?status=pending`);
  expect(pending.body.items).toEqual([]);
}

describe('resending, through the HTTP API, to a real receiver', () => {
  describe('when the rules suppressed the delivery', () => {
    it('should refuse one whose activity came from the API (409, reason api_origin), and send nothing', async () => {
      const p = await newProject(e2e);
      await subscribe(e2e, p, 'user_registered', '/api-origin');
      await report(p, { type: 'registered', origin: 'api', user });
      const [suppressed] = await deliveriesOf(p, 'user_registered', (all) => all.length === 1);
      expect(suppressed).toMatchObject({ status: 'suppressed', suppressedReason: 'api_origin' });
      const refused = await resend(p, suppressed?.id ?? '');
      expect(refused.status).toBe(409);
      expect(refused.headers.get('content-type')).toContain('application/problem+json');
      expect(refused.body).toMatchObject({ reason: 'api_origin', detail: expect.stringContaining('came from the API') });
      await nothingPending(p);
      // A delivery the rules allow goes through the same worker; the refused one never arrives.
      await report(p, { type: 'registered', user: { id: 'u2', username: 'u2@example.com' } });
      const arrived = await e2e.receiver.waitFor('/api-origin', 1);
      expect(arrived.map((r) => (r.json['user_info'] as { id: string }).id)).toEqual(['u2']);
    });

    it('should refuse one of a login through "remember me" (409, reason remember_me)', async () => {
      const p = await newProject(e2e);
      await subscribe(e2e, p, 'login_success', '/remember');
      await report(p, { type: 'login', via: 'remember_me', user });
      const [suppressed] = await deliveriesOf(p, 'login_success', (all) => all.length === 1);
      const refused = await resend(p, suppressed?.id ?? '');
      expect(refused.status).toBe(409);
      expect(refused.body.reason).toBe('remember_me');
      await nothingPending(p);
      expect(e2e.receiver.at('/remember')).toEqual([]);
    });
  });

  describe('when the delivery is the record of an interactive call', () => {
    it('should refuse it (409, reason interactive_call): the subscriber was called once', async () => {
      const p = await newProject(e2e);
      expect((await p.platform.put(`${p.base}/forms/f1`, { name: 'F1', audience: 'user' })).status).toBe(200);
      await subscribe(e2e, p, 'form_submit_f1', '/submit-hook');
      const submitted = await p.platform.post(`${p.base}/forms/f1/submissions`, { id: uid('sub'), origin: 'applicant', user, doc: {}, complete: true });
      expect(submitted.status).toBe(200);
      const [call] = await deliveriesOf(p, 'form_submit_f1', (all) => all.length === 1);
      const refused = await resend(p, call?.id ?? '');
      expect(refused.status).toBe(409);
      expect(refused.body).toMatchObject({ reason: 'interactive_call', detail: expect.stringContaining('form_submit_f1 is an interactive event') });
      await nothingPending(p);
      expect(e2e.receiver.at('/submit-hook')).toHaveLength(1);
    });
  });

  describe("when the delivery's webhook is disabled or deleted", () => {
    it('should refuse at once saying what to do, and resend once the webhook is enabled again', async () => {
      const p = await newProject(e2e);
      const hook = await subscribe(e2e, p, 'login_success', '/off');
      e2e.receiver.behave('/off', { kind: 'reply', status: 500 });
      await report(p, { type: 'login', via: 'password', user });
      const [failed] = await deliveriesOf(p, 'login_success', (all) => all[0]?.status === 'failed');
      expect((await p.admin.patch(`${p.base}/webhooks/${hook.id}`, { enabled: false })).status).toBe(200);

      const refused = await resend(p, failed?.id ?? '');
      expect(refused.status).toBe(409);
      expect(refused.body).toMatchObject({ reason: 'webhook_disabled', detail: expect.stringContaining('enable it again') });
      await nothingPending(p);

      expect((await p.admin.patch(`${p.base}/webhooks/${hook.id}`, { enabled: true })).status).toBe(200);
      e2e.receiver.behave('/off', { kind: 'reply', status: 200 });
      expect((await resend(p, failed?.id ?? '')).status).toBe(202);
      await deliveriesOf(p, 'login_success', (all) => all[0]?.status === 'succeeded');
      expect(e2e.receiver.at('/off')).toHaveLength(4);
    });

    it("should refuse a deleted webhook's delivery (409, reason webhook_deleted)", async () => {
      const p = await newProject(e2e);
      const hook = await subscribe(e2e, p, 'login_success', '/deleted');
      e2e.receiver.behave('/deleted', { kind: 'reply', status: 500 });
      await report(p, { type: 'login', via: 'password', user });
      const [failed] = await deliveriesOf(p, 'login_success', (all) => all[0]?.status === 'failed');
      expect((await p.admin.delete(`${p.base}/webhooks/${hook.id}`)).status).toBe(204);
      const refused = await resend(p, failed?.id ?? '');
      expect(refused.status).toBe(409);
      expect(refused.body).toMatchObject({ reason: 'webhook_deleted', detail: expect.stringContaining('create a new webhook for login_success') });
      await nothingPending(p);
    });
  });

  describe('resend-failed', () => {
    it('should queue what may be resent and say how many it skipped, by reason', async () => {
      const p = await newProject(e2e);
      await subscribe(e2e, p, 'login_success', '/bulk-kept');
      const off = await subscribe(e2e, p, 'user_registered', '/bulk-off');
      expect((await p.platform.put(`${p.base}/forms/f1`, { name: 'F1', audience: 'user' })).status).toBe(200);
      await subscribe(e2e, p, 'form_load_f1', '/bulk-load');
      for (const path of ['/bulk-kept', '/bulk-off', '/bulk-load']) e2e.receiver.behave(path, { kind: 'reply', status: 500 });
      const since = new Date().toISOString();
      await report(p, { type: 'login', via: 'password', user });
      await report(p, { type: 'login', via: 'password', user });
      await report(p, { type: 'registered', user });
      expect((await p.platform.post(`${p.base}/forms/f1/load`, { id: uid('load'), origin: 'applicant', user, doc: {} })).status).toBe(200);
      for (const event of ['login_success', 'user_registered', 'form_load_f1']) await deliveriesOf(p, event, (all) => all.length > 0 && all.every((d) => d.status === 'failed'));
      expect((await p.admin.patch(`${p.base}/webhooks/${off.id}`, { enabled: false })).status).toBe(200);
      e2e.receiver.behave('/bulk-kept', { kind: 'reply', status: 200 });

      const bulk = await p.admin.post(`${p.base}/deliveries/resend-failed`, { since });
      expect(bulk.status).toBe(202);
      expect(bulk.body).toEqual({ dryRun: false, queued: 2, skipped: 2, skippedByReason: { webhook_disabled: 1, interactive_call: 1 }, resentAt: expect.any(String) });
      await deliveriesOf(p, 'login_success', (all) => all.every((d) => d.status === 'succeeded'));
      expect(e2e.receiver.at('/bulk-kept')).toHaveLength(3 * 2 + 2);
      expect(e2e.receiver.at('/bulk-load')).toHaveLength(1);
    });

    it('should take every failure without `since`, and be followed to its outcome by the resentAt it answers', async () => {
      const p = await newProject(e2e);
      await subscribe(e2e, p, 'login_success', '/follow-ok');
      await subscribe(e2e, p, 'user_registered', '/follow-broken');
      for (const path of ['/follow-ok', '/follow-broken']) e2e.receiver.behave(path, { kind: 'reply', status: 500 });
      await report(p, { type: 'login', via: 'password', user });
      await report(p, { type: 'login', via: 'password', user });
      await report(p, { type: 'registered', user });
      for (const event of ['login_success', 'user_registered']) await deliveriesOf(p, event, (all) => all.length > 0 && all.every((d) => d.status === 'failed'));
      // The receiver now answers one webhook and still fails the other.
      e2e.receiver.behave('/follow-ok', { kind: 'reply', status: 200 });

      const counted = await p.admin.post<{ queued: number; resentAt: string | null }>(`${p.base}/deliveries/resend-failed`, { dryRun: true });
      expect(counted.body).toMatchObject({ queued: 3, resentAt: null });
      const bulk = await p.admin.post<{ queued: number; resentAt: string }>(`${p.base}/deliveries/resend-failed`, {});
      expect(bulk.status).toBe(202);
      expect(bulk.body.queued).toBe(3);
      const counts = () => p.admin.get<Record<string, number>>(`${p.base}/deliveries/counts?resentAt=${encodeURIComponent(bulk.body.resentAt)}`);
      let last: Record<string, number> = {};
      for (let i = 0; i < 300; i += 1) {
        last = (await counts()).body;
        if (last['pending'] === 0) break;
        await new Promise((r) => setTimeout(r, 25));
      }
      expect(last).toEqual({ pending: 0, succeeded: 2, failed: 1, suppressed: 0, total: 3 });
      const listed = await p.admin.get<{ items: { event: string; status: string; resentAt: string }[] }>(`${p.base}/deliveries?resentAt=${encodeURIComponent(bulk.body.resentAt)}&status=failed`);
      expect(listed.body.items.map((d) => [d.event, d.resentAt])).toEqual([['user_registered', bulk.body.resentAt]]);
    });
  });
});
