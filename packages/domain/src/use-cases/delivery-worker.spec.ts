import { describe, expect, it } from '@jest/globals';
import { TEST_CONFIG } from '../testing/in-memory-service.js';
import { answer, failure } from '../testing/scripted-transport.js';
import { DeliveryWorker } from './delivery-worker.js';
import { drain, must, projectWithAdmin, report, subscribe, user } from './fixtures.spec-helper.js';

const HOOK = 'https://hooks.example.com/in';
const HOUR = 3600_000;

async function queued(extra: Record<string, unknown> = {}) {
  const ctx = await projectWithAdmin();
  const sub = await subscribe(ctx.service, ctx.project.id, 'login_success', HOOK, extra);
  await report(ctx.service, ctx.project.id, { type: 'login', via: 'password', user: user('u1') });
  return { ...ctx, sub };
}

describe('DeliveryWorker', () => {
  describe('when it sends a queued delivery', () => {
    it('should send it in the background lane', async () => {
      const { service } = await queued();
      await drain(service);
      expect(service.transport.sentTo(HOOK).map((r) => r.lane)).toEqual(['background']);
    });
  });

  describe('when the receiver answers 500 then 200', () => {
    it('should retry on the schedule and then succeed, logging both attempts', async () => {
      const { service } = await queued();
      service.transport.script(HOOK, answer(500, 'down'), answer(200, 'ok'));
      expect(await drain(service)).toBe(1);
      expect(service.storage.allDeliveries()[0]).toMatchObject({ status: 'pending', attemptCount: 1 });
      expect(await drain(service)).toBe(0);
      service.clock.advance(7_000);
      expect(await drain(service)).toBe(1);
      expect(service.storage.allDeliveries()[0]).toMatchObject({ status: 'succeeded', attemptCount: 2 });
      expect(service.storage.allAttempts().map((a) => [a.statusCode, a.succeeded])).toEqual([[500, false], [200, true]]);
    });
  });

  describe('when the receiver answers text no store can keep as it is', () => {
    it('should log the excerpt as safe text: NUL replaced, cut before a character the cap would split', async () => {
      const { service } = await queued();
      service.transport.script(HOOK, answer(500, 'bad\u0000'), answer(200, `${'a'.repeat(4095)}😀`));
      await drain(service);
      service.clock.advance(7_000);
      await drain(service);
      expect(service.storage.allAttempts().map((a) => a.responseBody)).toEqual(['bad\uFFFD', 'a'.repeat(4095)]);
      expect(service.storage.allDeliveries()[0]).toMatchObject({ status: 'succeeded', attemptCount: 2 });
    });
  });

  describe('when the receiver answers 429 with Retry-After', () => {
    it('should wait at least the scheduled delay and at most twice it', async () => {
      const { service } = await queued();
      service.transport.script(HOOK, answer(429, '', { 'retry-after': '9' }));
      await drain(service);
      const [delivery] = service.storage.allDeliveries();
      const delay = (delivery?.nextAttemptAt?.getTime() ?? 0) - service.clock.now().getTime();
      expect(delay).toBe(9_000);
    });
  });

  describe('when every attempt fails', () => {
    it('should mark the delivery failed after the last attempt of the schedule', async () => {
      const { service } = await queued();
      service.transport.script(HOOK, failure('refused'));
      for (let i = 0; i < 12; i += 1) {
        await drain(service);
        service.clock.advance(12 * HOUR);
      }
      expect(service.storage.allDeliveries()[0]).toMatchObject({ status: 'failed', attemptCount: 8 });
      expect(service.transport.sentTo(HOOK)).toHaveLength(8);
    });
  });

  describe('when the receiver answers 410 Gone', () => {
    it('should fail the delivery and disable the subscription', async () => {
      const { service, project, sub } = await queued();
      service.transport.script(HOOK, answer(410));
      await drain(service);
      expect(service.storage.allDeliveries()[0]?.status).toBe('failed');
      expect(must(await service.webhooks.get(project.id, sub.id))).toMatchObject({ enabled: false, disabledReason: 'gone' });
    });
  });

  describe('when every attempt to a webhook fails for days', () => {
    /** A login a day for `days` days, the worker running through each day. */
    async function daysOfLogins(ctx: Awaited<ReturnType<typeof queued>>, days: number) {
      for (let day = 0; day < days; day += 1) {
        await report(ctx.service, ctx.project.id, { type: 'login', via: 'password', user: user(`day-${day}-${ctx.service.clock.now().getTime()}`) });
        for (let hour = 0; hour < 24; hour += 1) {
          await drain(ctx.service);
          ctx.service.clock.advance(HOUR);
        }
      }
    }

    it('should disable it as failing five days after the first failure, saying since when, and suppress what follows', async () => {
      const ctx = await queued();
      const { service, project, sub } = ctx;
      service.transport.script(HOOK, failure('refused'));
      const firstFailure = service.clock.now();
      await daysOfLogins(ctx, 4);
      expect(must(await service.webhooks.get(project.id, sub.id))).toMatchObject({ enabled: true, disabledReason: null, failingSince: firstFailure });
      await daysOfLogins(ctx, 2);
      expect(must(await service.webhooks.get(project.id, sub.id))).toMatchObject({ enabled: false, disabledReason: 'failing', failingSince: firstFailure });
      const sent = service.transport.sentTo(HOOK).length;
      await daysOfLogins(ctx, 1);
      expect(service.transport.sentTo(HOOK)).toHaveLength(sent);
      expect(service.storage.allDeliveries().some((d) => d.suppressedReason === 'subscription_disabled')).toBe(true);
      // Enabled again by hand: healthy until it fails again.
      expect(must(await service.webhooks.update(project.id, sub.id, { enabled: true }))).toMatchObject({ enabled: true, disabledReason: null, failingSince: null });
    });

    it('should start the period again after any success', async () => {
      const ctx = await queued();
      const { service, project, sub } = ctx;
      service.transport.script(HOOK, failure('refused'));
      await daysOfLogins(ctx, 4);
      service.transport.script(HOOK, answer(200, 'ok'), failure('refused'));
      const recovered = service.clock.now();
      await daysOfLogins(ctx, 4);
      const hook = must(await service.webhooks.get(project.id, sub.id));
      expect(hook).toMatchObject({ enabled: true, disabledReason: null });
      expect(hook.failingSince!.getTime()).toBeGreaterThan(recovered.getTime());
    });

    it('should not count held attempts (no API admin) as failures', async () => {
      const ctx = await queued();
      const { service, project, sub, admin } = ctx;
      must(await service.projects.updateAdmin(project.id, admin.id, { active: false }));
      await daysOfLogins(ctx, 1);
      expect(service.storage.allAttempts().every((a) => a.errorClass === 'held')).toBe(true);
      expect(must(await service.webhooks.get(project.id, sub.id)).failingSince).toBeNull();
    });
  });

  describe('when the API admin goes away after the delivery was queued', () => {
    it('should hold it back, not lose it, and send it once an API admin exists again', async () => {
      const { service, project, admin } = await queued();
      must(await service.projects.updateAdmin(project.id, admin.id, { active: false }));
      await drain(service);
      expect(service.transport.requests).toHaveLength(0);
      expect(service.storage.allDeliveries()[0]).toMatchObject({ status: 'pending' });
      must(await service.projects.updateAdmin(project.id, admin.id, { active: true }));
      service.clock.advance(HOUR);
      await drain(service);
      expect(service.transport.sentTo(HOOK)).toHaveLength(1);
      expect(service.storage.allDeliveries()[0]?.status).toBe('succeeded');
    });
  });

  describe('when the subscription is disabled after the delivery was queued', () => {
    it('should suppress the delivery instead of sending it', async () => {
      const { service, project, sub } = await queued();
      must(await service.webhooks.update(project.id, sub.id, { enabled: false }));
      await drain(service);
      expect(service.transport.requests).toHaveLength(0);
      expect(service.storage.allDeliveries()[0]).toMatchObject({ status: 'suppressed', suppressedReason: 'subscription_disabled' });
    });
  });

  describe('when a secret was rotated', () => {
    it('should sign with both secrets during the grace period and with the new one after', async () => {
      const { service, project, sub } = await queued();
      must(await service.webhooks.rotateSecret(project.id, sub.id));
      await drain(service);
      expect(service.transport.requests[0]?.headers['webhook-signature']?.split(' ')).toHaveLength(2);
      service.clock.advance(25 * HOUR);
      await report(service, project.id, { type: 'login', via: 'password', user: user('u1') });
      await drain(service);
      expect(service.transport.requests[1]?.headers['webhook-signature']?.split(' ')).toHaveLength(1);
    });
  });

  describe('when deliveries wait longer than a lease for a slot at a slow host', () => {
    const LEASE = 90;
    /** Four deliveries to one host, a worker sending one at a time to it, and a gate the host waits on. */
    async function slowHost() {
      const ctx = await projectWithAdmin('individual', { worker: { ...TEST_CONFIG.worker, batchSize: 10, concurrency: 2, perHostConcurrency: 1, leaseMs: LEASE, pollIntervalMs: 20 } });
      await subscribe(ctx.service, ctx.project.id, 'login_success', HOOK);
      for (const id of ['u1', 'u2', 'u3', 'u4']) await report(ctx.service, ctx.project.id, { type: 'login', via: 'password', user: user(id) });
      let open = () => {};
      const gate = new Promise<void>((resolve) => (open = resolve));
      ctx.service.transport.script(HOOK, async () => {
        await gate;
        return answer(200);
      });
      const lost: string[] = [];
      const worker = new DeliveryWorker({
        ...ctx.service,
        queue: ctx.service.storage,
        retryPolicy: ctx.service.config.retryPolicy,
        config: ctx.service.config.worker,
        workerId: 'slow-worker',
        onLeaseLost: (ids) => lost.push(...ids),
      });
      return { ...ctx, worker, open, lost };
    }
    const until = async (done: () => boolean) => {
      for (let i = 0; i < 200 && !done(); i += 1) await new Promise((resolve) => setTimeout(resolve, 10));
    };

    it('should keep their leases, so no other worker claims them, and send each once', async () => {
      const { service, worker, open, lost } = await slowHost();
      const stop = new AbortController();
      const running = worker.run(stop.signal);
      await until(() => service.transport.requests.length === 1);
      // Three leases later by the clock, after a few heartbeats: the claims are still this worker's.
      service.clock.advance(3 * LEASE);
      await new Promise((resolve) => setTimeout(resolve, 5 * LEASE));
      expect(await service.storage.claimDue({ limit: 10, leaseMs: LEASE, workerId: 'rival' })).toEqual([]);
      open();
      await until(() => service.storage.allDeliveries().every((d) => d.status === 'succeeded'));
      stop.abort();
      await running;
      expect(service.storage.allDeliveries().map((d) => d.status)).toEqual(['succeeded', 'succeeded', 'succeeded', 'succeeded']);
      expect(new Set(service.transport.sentTo(HOOK).map((r) => r.headers['webhook-id'])).size).toBe(4);
      expect(service.transport.sentTo(HOOK)).toHaveLength(4);
      expect(lost).toEqual([]);
    });

    it('should not send those whose lease another worker took over, and say so', async () => {
      const { service, worker, open, lost } = await slowHost();
      const stop = new AbortController();
      const running = worker.run(stop.signal);
      await until(() => service.transport.requests.length === 1);
      // The database was out of reach for longer than a lease: every lease lapsed, and a rival took
      // all four — the one being sent (too late to stop) and the three waiting for the host.
      service.clock.advance(3 * LEASE);
      const taken = await service.storage.claimDue({ limit: 10, leaseMs: 60_000, workerId: 'rival' });
      expect(taken).toHaveLength(4);
      await until(() => lost.length === 4);
      open();
      await new Promise((resolve) => setTimeout(resolve, 2 * LEASE));
      stop.abort();
      await running;
      expect([...lost].sort()).toEqual(taken.map((t) => t.deliveryId).sort());
      // Only the send already under way went out; its late outcome is not written over the rival's claim.
      expect(service.transport.sentTo(HOOK)).toHaveLength(1);
      expect(service.storage.allDeliveries().map((d) => [d.status, d.attemptCount])).toEqual(Array.from({ length: 4 }, () => ['pending', 0]));
      const stillTheRivals = await service.storage.extend('rival', taken.map((t) => t.deliveryId), 0);
      expect([...stillTheRivals].sort()).toEqual(taken.map((t) => t.deliveryId).sort());
      expect(service.storage.allAttempts()).toEqual([]);
    });
  });

  describe('run', () => {
    it('should deliver what is queued while it runs and stop when aborted', async () => {
      const { service, project } = await queued();
      const stop = new AbortController();
      const running = service.worker.run(stop.signal);
      await report(service, project.id, { type: 'login', via: 'password', user: user('u2') });
      for (let i = 0; i < 50 && service.storage.allDeliveries().some((d) => d.status === 'pending'); i += 1) {
        await service.storage.wait(20);
      }
      stop.abort();
      await running;
      expect(service.storage.allDeliveries().every((d) => d.status === 'succeeded')).toBe(true);
    });

    it('should claim a batch at a time while sends go on, not one delivery per finished send', async () => {
      const ctx = await projectWithAdmin('individual', { worker: { ...TEST_CONFIG.worker, batchSize: 8, concurrency: 4, perHostConcurrency: 4, pollIntervalMs: 20 } });
      await subscribe(ctx.service, ctx.project.id, 'login_success', HOOK);
      for (let i = 0; i < 64; i += 1) await report(ctx.service, ctx.project.id, { type: 'login', via: 'password', user: user(`u${i}`) });
      // Sends end one by one, at staggered times.
      let sent = 0;
      ctx.service.transport.script(HOOK, async () => {
        sent += 1;
        await new Promise((resolve) => setTimeout(resolve, 1 + ((sent * 7) % 13)));
        return answer(200);
      });
      const claims: number[] = [];
      const queue = ctx.service.storage;
      const worker = new DeliveryWorker({
        ...ctx.service,
        queue: {
          claimDue: async (request) => {
            const rows = await queue.claimDue(request);
            claims.push(rows.length);
            return rows;
          },
          complete: (w, o) => queue.complete(w, o),
          release: (w, ids) => queue.release(w, ids),
          extend: (w, ids, ms) => queue.extend(w, ids, ms),
          nextDueInMs: () => queue.nextDueInMs(),
          pendingCount: () => queue.pendingCount(),
          stats: () => queue.stats(),
          prune: (policy, size) => queue.prune(policy, size),
        },
        retryPolicy: ctx.service.config.retryPolicy,
        config: ctx.service.config.worker,
        workerId: 'batching-worker',
      });
      const stop = new AbortController();
      const running = worker.run(stop.signal);
      for (let i = 0; i < 200 && ctx.service.storage.allDeliveries().some((d) => d.status === 'pending'); i += 1) await ctx.service.storage.wait(10);
      stop.abort();
      await running;
      expect(ctx.service.storage.allDeliveries().filter((d) => d.status === 'succeeded')).toHaveLength(64);
      // Every claim but the ones that found the queue empty took at least the concurrency (4).
      expect(claims.filter((n) => n > 0 && n < 4)).toEqual([]);
      expect(claims.filter((n) => n > 0).length).toBeLessThanOrEqual(64 / 4);
    });
  });
});
