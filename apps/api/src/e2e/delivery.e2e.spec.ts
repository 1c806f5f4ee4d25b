import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { E2e } from './support/service.js';
import { newProject, startE2e, subscribe, uid } from './support/service.js';

// A short schedule, so retries happen within the test: attempts at 0, +300 ms, +300 ms, +300 ms.
let e2e: E2e;
beforeAll(async () => {
  e2e = await startE2e({ RETRY_SCHEDULE_MS: '0,300,300,300', WORKER_POLL_MS: '50' });
}, 60_000);
afterAll(async () => {
  await e2e.stop();
});

type Project = Awaited<ReturnType<typeof newProject>>;
interface DeliveryDetail {
  status: string;
  nextAttemptAt: string | null;
  attempts: { statusCode: number | null; succeeded: boolean; attemptedAt: string }[];
}

async function login(project: Project) {
  const res = await project.platform.post(`${project.base}/activities`, {
    id: uid('login'),
    type: 'login',
    via: 'password',
    origin: 'applicant',
    occurredAt: new Date().toISOString(),
    user: { id: 'u1', username: 'u1@example.com' },
  });
  expect(res.status).toBe(202);
}

/** The project's only delivery, once `done` says it is where the test wants it (bounded wait). */
async function theDelivery(project: Project, done: (d: DeliveryDetail) => boolean): Promise<DeliveryDetail> {
  for (let i = 0; i < 200; i += 1) {
    const list = await project.admin.get<{ items: { id: string }[] }>(`${project.base}/deliveries`);
    const id = list.body.items[0]?.id;
    if (id) {
      const detail = await project.admin.get<DeliveryDetail>(`${project.base}/deliveries/${id}`);
      if (done(detail.body)) return detail.body;
    }
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error('the delivery never got there');
}

describe('delivery through the worker, to a real receiver', () => {
  describe('when the receiver answers 500 and then 200', () => {
    it('should retry on the schedule and succeed, logging both attempts', async () => {
      const p = await newProject(e2e);
      await subscribe(e2e, p, 'login_success', '/flaky');
      e2e.receiver.behave('/flaky', { kind: 'reply', status: 500, body: 'down' });
      await login(p);
      await e2e.receiver.waitFor('/flaky', 1);
      e2e.receiver.behave('/flaky', { kind: 'reply', status: 200 });
      const delivery = await theDelivery(p, (d) => d.status === 'succeeded');
      expect(delivery.attempts.map((a) => [a.statusCode, a.succeeded])).toEqual([[500, false], [200, true]]);
      const [first, second] = e2e.receiver.at('/flaky');
      expect(first?.headers['webhook-id']).toBe(second?.headers['webhook-id']);
      expect([first?.verified, second?.verified]).toEqual([true, true]);
    });
  });

  describe('when the receiver answers 429 with Retry-After', () => {
    it('should wait as long as it asks, within [delay, 2 × delay] of the schedule', async () => {
      const p = await newProject(e2e);
      await subscribe(e2e, p, 'login_success', '/busy');
      e2e.receiver.behave('/busy', { kind: 'reply', status: 429, headers: { 'retry-after': '3600' } });
      await login(p);
      const delivery = await theDelivery(p, (d) => d.attempts.length === 1 && d.nextAttemptAt !== null);
      const waited = Date.parse(delivery.nextAttemptAt ?? '') - Date.parse(delivery.attempts[0]?.attemptedAt ?? '');
      // An hour was asked; the schedule's 300 ms delay bounds it at 600 ms (plus the send itself,
      // which the clock also counts: a loaded machine may take a few hundred ms for it).
      expect(waited).toBeGreaterThanOrEqual(300);
      expect(waited).toBeLessThan(2_000);
    });
  });

  describe('when the receiver answers 410 Gone', () => {
    it('should fail the delivery at once and disable the webhook, saying why', async () => {
      const p = await newProject(e2e);
      const hook = await subscribe(e2e, p, 'login_success', '/gone');
      e2e.receiver.behave('/gone', { kind: 'reply', status: 410 });
      await login(p);
      const delivery = await theDelivery(p, (d) => d.status === 'failed');
      expect(delivery.attempts).toHaveLength(1);
      const webhook = await p.admin.get<{ enabled: boolean; disabledReason: string }>(`${p.base}/webhooks/${hook.id}`);
      expect(webhook.body).toMatchObject({ enabled: false, disabledReason: 'gone' });
    });
  });

  describe('when the secret is rotated', () => {
    it('should sign with the old and the new secret, each verified by the reference verifier', async () => {
      const p = await newProject(e2e);
      const hook = await subscribe(e2e, p, 'login_success', '/rotated');
      const oldSecret = hook.secret;
      const rotated = await p.admin.post<{ secret: string }>(`${p.base}/webhooks/${hook.id}/rotate-secret`);
      expect(rotated.status).toBe(200);
      expect(rotated.body.secret).not.toBe(oldSecret);
      // A receiver that knows only the old secret, and one that knows only the new: both verify.
      e2e.receiver.secret('/rotated', oldSecret);
      await login(p);
      const [byOld] = await e2e.receiver.waitFor('/rotated', 1);
      expect(byOld?.verified).toBe(true);
      expect(String(byOld?.headers['webhook-signature']).split(' ')).toHaveLength(2);
      e2e.receiver.secret('/rotated', rotated.body.secret);
      await login(p);
      const [, byNew] = await e2e.receiver.waitFor('/rotated', 2);
      expect(byNew?.verified).toBe(true);
    });
  });
});
