import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { E2e } from './support/service.js';
import { newProject, startE2e, subscribe, uid } from './support/service.js';

/** Notify deliveries queued to the slow host: more than the worker sends to one host at once (16 by default). */
const SLOW_DELIVERIES = 45;
/** What "in time" means for the platform's call and the admin's test send. */
const IN_TIME_MS = 1_500;

let e2e: E2e;
beforeAll(async () => {
  e2e = await startE2e({ WORKER_POLL_MS: '50' });
}, 60_000);
afterAll(async () => {
  await e2e.stop();
});

describe('a host slow to answer notify deliveries', () => {
  describe('when dozens of its deliveries are queued and in flight through the worker', () => {
    it("should still answer another tenant's form hook and a test send to the same host in time", async () => {
      // Tenant A: a notify webhook on the host that never answers while the test runs.
      const a = await newProject(e2e);
      await subscribe(e2e, a, 'login_success', '/slow-notify', { timeoutMs: 30_000 });
      e2e.receiver.behave('/slow-notify', { kind: 'hang' });
      await subscribe(e2e, a, 'user_registered', '/test-send');
      // Tenant B: a form hook on the same host (same host and port, so the same connection pool before).
      const b = await newProject(e2e);
      expect((await b.platform.put(`${b.base}/forms/f1`, { name: 'Intake', audience: 'user' })).status).toBe(200);
      await subscribe(e2e, b, 'form_preprocess_f1', '/form', { timeoutMs: 3_000, failurePolicy: 'closed' });
      e2e.receiver.behave('/form', { kind: 'reply', status: 200, body: { msg: 'checked', msg_type: 'success' } });

      for (let i = 0; i < SLOW_DELIVERIES; i += 1) {
        const res = await a.platform.post(`${a.base}/activities`, { id: uid('login'), type: 'login', via: 'password', origin: 'applicant', occurredAt: new Date().toISOString(), user: { id: `u${i}`, username: `u${i}@example.com` } });
        expect(res.status).toBe(202);
      }
      // The worker fills its share of the host (16 at once) and holds the rest.
      await e2e.receiver.waitFor('/slow-notify', 16, 30_000);

      let started = performance.now();
      const decision = await b.platform.post<{ proceed: boolean; messages: { text: string }[]; failures: unknown[] }>(`${b.base}/forms/f1/preprocess`, {
        id: uid('pre'),
        origin: 'applicant',
        user: { id: 'x1', username: 'x1@example.com' },
        doc: { name: 'Ada' },
      });
      const formMs = performance.now() - started;
      expect(decision.status).toBe(200);
      expect(decision.body).toMatchObject({ proceed: true, failures: [], messages: [{ text: 'checked' }] });
      expect(formMs).toBeLessThan(IN_TIME_MS);

      const hooks = await a.admin.get<{ items: { id: string; event: string }[] }>(`${a.base}/webhooks`);
      const testTarget = hooks.body.items.find((h) => h.event === 'user_registered');
      started = performance.now();
      const sent = await a.admin.post<{ statusCode: number; succeeded: boolean }>(`${a.base}/webhooks/${testTarget?.id ?? ''}/test`);
      const testMs = performance.now() - started;
      expect(sent.status).toBe(200);
      expect(sent.body).toMatchObject({ statusCode: 200, succeeded: true });
      expect(testMs).toBeLessThan(IN_TIME_MS);

      // The slow host's deliveries are still held: none of them was given up for the others.
      expect(e2e.receiver.at('/slow-notify').filter((r) => r.closedAt === null)).toHaveLength(16);
    }, 60_000);
  });
});
