import { describe, expect, it } from '@jest/globals';
import type { Delivery } from '../../model/delivery.js';
import type { ClaimedDelivery, DeliveryOutcome } from '../../ports/delivery-queue.port.js';
import type { OpenSubject } from './contract-subject.js';
import { aDelivery, anAttempt, anEvent, aSubscription, at, seedDeliveries, seedProject } from './fixtures.js';
import { useSubject } from './use-subject.js';

const LEASE = 30_000;

/** An outcome of `deliveryId`: `next`, no attempt and no error unless `extra` says otherwise. */
const outcome = (deliveryId: string, next: DeliveryOutcome['next'], extra: Partial<DeliveryOutcome> = {}): DeliveryOutcome => ({
  deliveryId,
  attempt: null,
  next,
  lastError: null,
  ...extra,
});

const ids = (claimed: readonly ClaimedDelivery[]): string[] => claimed.map((c) => c.deliveryId).sort();

/** The delivery queue: claims with leases, batched completion, release, due times, retention. */
export function queueContract(open: OpenSubject): void {
  const subject = useSubject(open);

  describe('DeliveryQueue', () => {
    describe('claimDue', () => {
      it('should lease due pending deliveries with everything needed to send them', async () => {
        const { storage, queue } = subject();
        const { project, subscription } = await seedProject(storage, { subscription: { timeoutMs: 7_000 } });
        const event = anEvent(project.id, { payload: { z: 1, a: { nested: ['x', 2, null] }, text: 'é "quoted"' } });
        const delivery = aDelivery(event, subscription, { attemptCount: 2, createdAt: at(-5_000), nextAttemptAt: at(0) });
        await storage.deliveries.insertEvents([event]);
        await storage.deliveries.insertDeliveries([delivery]);
        const [claimed, ...rest] = await queue.claimDue({ now: at(0), limit: 10, leaseMs: LEASE, workerId: 'w1' });
        expect(rest).toEqual([]);
        expect(claimed).toEqual({
          deliveryId: delivery.id,
          projectId: project.id,
          subscriptionId: subscription.id,
          eventId: event.id,
          eventKey: event.key,
          url: subscription.url,
          subscriptionEnabled: true,
          secrets: subscription.secrets,
          timeoutMs: 7_000,
          body: expect.any(String),
          attemptCount: 2,
          createdAt: delivery.createdAt,
        });
        expect(JSON.parse(claimed!.body)).toEqual(event.payload);
      });

      it('should claim only pending deliveries that are due', async () => {
        const { storage, queue } = subject();
        const { subscription } = await seedProject(storage);
        const [due] = await seedDeliveries(storage, subscription, 5, (i) =>
          ([{}, { nextAttemptAt: at(1) }, { status: 'succeeded', nextAttemptAt: null }, { status: 'failed', nextAttemptAt: null }, { status: 'suppressed', nextAttemptAt: null, suppressedReason: 'no_api_admin' }] satisfies Partial<Delivery>[])[i]!,
        );
        expect(ids(await queue.claimDue({ now: at(0), limit: 10, leaseMs: LEASE, workerId: 'w1' }))).toEqual([due!.id]);
      });

      it('should claim the earliest due first, at most `limit`', async () => {
        const { storage, queue } = subject();
        const { subscription } = await seedProject(storage);
        const deliveries = await seedDeliveries(storage, subscription, 5, (i) => ({ nextAttemptAt: at(-1_000 * ((i * 3) % 5)) }));
        const earliest = [...deliveries].sort((a, b) => a.nextAttemptAt!.getTime() - b.nextAttemptAt!.getTime());
        expect(ids(await queue.claimDue({ now: at(0), limit: 2, leaseMs: LEASE, workerId: 'w1' }))).toEqual([earliest[0]!.id, earliest[1]!.id].sort());
        expect(await queue.claimDue({ now: at(0), limit: 0, leaseMs: LEASE, workerId: 'w1' })).toEqual([]);
      });

      it('should say a disabled subscription is disabled', async () => {
        const { storage, queue } = subject();
        const { subscription } = await seedProject(storage, { subscription: { enabled: false, disabledReason: 'gone' } });
        await seedDeliveries(storage, subscription, 1);
        const [claimed] = await queue.claimDue({ now: at(0), limit: 10, leaseMs: LEASE, workerId: 'w1' });
        expect(claimed?.subscriptionEnabled).toBe(false);
      });
    });

    describe('leases', () => {
      it('should not hand a leased delivery to anyone while the lease lives', async () => {
        const { storage, queue } = subject();
        const { subscription } = await seedProject(storage);
        await seedDeliveries(storage, subscription, 3);
        expect(await queue.claimDue({ now: at(0), limit: 10, leaseMs: LEASE, workerId: 'w1' })).toHaveLength(3);
        expect(await queue.claimDue({ now: at(0), limit: 10, leaseMs: LEASE, workerId: 'w2' })).toEqual([]);
        expect(await queue.claimDue({ now: at(LEASE - 1), limit: 10, leaseMs: LEASE, workerId: 'w2' })).toEqual([]);
      });

      it('should give the work of a claimer that died to the next claimer once its lease is over', async () => {
        const { storage, queue } = subject();
        const { subscription } = await seedProject(storage);
        const deliveries = await seedDeliveries(storage, subscription, 4);
        await queue.claimDue({ now: at(0), limit: 10, leaseMs: LEASE, workerId: 'dead' });
        // `dead` never completes: past its lease, everything is claimable again, as it was.
        const again = await queue.claimDue({ now: at(LEASE + 1), limit: 10, leaseMs: LEASE, workerId: 'w2' });
        expect(ids(again)).toEqual(deliveries.map((d) => d.id).sort());
        expect(again.every((c) => c.attemptCount === 0)).toBe(true);
      });

      it('should ignore completions from a worker whose lease was taken over', async () => {
        const { storage, queue } = subject();
        const { project, subscription } = await seedProject(storage);
        const [delivery] = await seedDeliveries(storage, subscription, 1);
        await queue.claimDue({ now: at(0), limit: 1, leaseMs: LEASE, workerId: 'slow' });
        await queue.claimDue({ now: at(LEASE + 1), limit: 1, leaseMs: LEASE, workerId: 'fast' });
        await queue.complete('slow', [outcome(delivery!.id, { kind: 'succeeded' }, { attempt: anAttempt(delivery!, { succeeded: true, statusCode: 200 }) })]);
        let detail = await storage.deliveries.get(project.id, delivery!.id);
        expect(detail?.delivery).toMatchObject({ status: 'pending', attemptCount: 0 });
        expect(detail?.attempts).toEqual([]);
        const attempt = anAttempt(delivery!, { attemptedAt: at(LEASE + 2) });
        await queue.complete('fast', [outcome(delivery!.id, { kind: 'retry', at: at(LEASE + 60_000) }, { attempt, lastError: 'HTTP 500' })]);
        detail = await storage.deliveries.get(project.id, delivery!.id);
        expect(detail?.delivery).toMatchObject({ status: 'pending', attemptCount: 1, nextAttemptAt: at(LEASE + 60_000), lastError: 'HTTP 500' });
        expect(detail?.attempts).toEqual([attempt]);
      });

      it('should ignore completions of deliveries the worker never claimed', async () => {
        const { storage, queue } = subject();
        const { project, subscription } = await seedProject(storage);
        const [delivery] = await seedDeliveries(storage, subscription, 1);
        await queue.complete('stranger', [outcome(delivery!.id, { kind: 'failed' })]);
        expect((await storage.deliveries.get(project.id, delivery!.id))?.delivery).toEqual(delivery);
      });

      it('should let a released delivery be claimed at once, by anyone', async () => {
        const { storage, queue } = subject();
        const { subscription } = await seedProject(storage);
        const [a, b] = await seedDeliveries(storage, subscription, 2);
        await queue.claimDue({ now: at(0), limit: 10, leaseMs: LEASE, workerId: 'w1' });
        await queue.release('w2', [a!.id, b!.id]); // not w2's: no effect
        expect(await queue.claimDue({ now: at(1), limit: 10, leaseMs: LEASE, workerId: 'w3' })).toEqual([]);
        await queue.release('w1', [a!.id]);
        expect(ids(await queue.claimDue({ now: at(1), limit: 10, leaseMs: LEASE, workerId: 'w3' }))).toEqual([a!.id]);
        await queue.release('w1', []);
      });

      it('should extend only the leases the worker still holds, and keep extended ones from other claimers', async () => {
        const { storage, queue } = subject();
        const { project, subscription } = await seedProject(storage);
        const [held, lapsed, done, taken, requeued] = await seedDeliveries(storage, subscription, 5);
        await queue.claimDue({ now: at(0), limit: 10, leaseMs: LEASE, workerId: 'w1' });
        await queue.complete('w1', [outcome(done!.id, { kind: 'succeeded' })]);
        // `taken` lapses and w2 claims it; `lapsed` lapses too but nobody claims it; `requeued` goes back to the queue.
        await queue.release('w1', [taken!.id]);
        await queue.claimDue({ now: at(1), limit: 1, leaseMs: LEASE * 10, workerId: 'w2' });
        await storage.deliveries.requeue(project.id, [requeued!.id], at(2));
        const extended = await queue.extend('w1', [held!.id, lapsed!.id, done!.id, taken!.id, requeued!.id, 'dlv_unknown'], at(LEASE * 3));
        expect([...extended].sort()).toEqual([held!.id, lapsed!.id].sort());
        expect(await queue.extend('w2', [held!.id], at(LEASE * 9))).toEqual([]);
        expect(await queue.extend('w1', [], at(LEASE * 9))).toEqual([]);
        // Past the first lease, before the extended one: only the requeued delivery is free to claim.
        expect(ids(await queue.claimDue({ now: at(LEASE * 2), limit: 10, leaseMs: LEASE * 10, workerId: 'w3' }))).toEqual([requeued!.id]);
        expect(await queue.nextDueAt()).toEqual(at(LEASE * 3));
        // The holder completes what it kept; once the extended lease lapses, the rest is claimable again.
        await queue.complete('w1', [outcome(held!.id, { kind: 'succeeded' })]);
        expect((await storage.deliveries.get(project.id, held!.id))?.delivery.status).toBe('succeeded');
        expect(ids(await queue.claimDue({ now: at(LEASE * 3 + 1), limit: 10, leaseMs: LEASE, workerId: 'w3' }))).toEqual([lapsed!.id]);
      });

      it('should drop the lease of a requeued delivery: the old holder cannot complete it', async () => {
        const { storage, queue } = subject();
        const { project, subscription } = await seedProject(storage);
        const [delivery] = await seedDeliveries(storage, subscription, 1);
        await queue.claimDue({ now: at(0), limit: 1, leaseMs: LEASE, workerId: 'w1' });
        await storage.deliveries.requeue(project.id, [delivery!.id], at(5));
        expect(ids(await queue.claimDue({ now: at(5), limit: 1, leaseMs: LEASE, workerId: 'w2' }))).toEqual([delivery!.id]);
        await queue.complete('w1', [outcome(delivery!.id, { kind: 'failed' })]);
        expect((await storage.deliveries.get(project.id, delivery!.id))?.delivery.status).toBe('pending');
      });
    });

    describe('complete', () => {
      it('should show a delivery and its attempts as of one moment, even while a worker completes it', async () => {
        // The log's detail must never show an attempt without the state that attempt moved the
        // delivery to (a retry time that is earlier than the attempt, say).
        const { storage, queue } = subject();
        const { project, subscription } = await seedProject(storage);
        const [delivery] = await seedDeliveries(storage, subscription, 1);
        const seen: { count: number; logged: number }[] = [];
        for (let round = 1; round <= 25; round += 1) {
          await queue.claimDue({ now: at(round * 10), limit: 1, leaseMs: LEASE, workerId: 'w1' });
          const attempt = anAttempt(delivery!, { attemptedAt: at(round * 10 + 1) });
          const reads = Array.from({ length: 4 }, () => storage.deliveries.get(project.id, delivery!.id));
          await queue.complete('w1', [outcome(delivery!.id, { kind: 'retry', at: at(round * 10 + 5) }, { attempt, lastError: 'HTTP 500' })]);
          for (const detail of await Promise.all(reads)) seen.push({ count: detail!.delivery.attemptCount, logged: detail!.attempts.length });
        }
        expect(seen).toHaveLength(100);
        expect(seen.filter((s) => s.count !== s.logged)).toEqual([]);
        expect((await storage.deliveries.get(project.id, delivery!.id))?.attempts).toHaveLength(25);
      });

      it('should write each kind of outcome, count an attempt for each, and record the attempts', async () => {
        const { storage, queue } = subject();
        const { project, subscription } = await seedProject(storage);
        const [ok, retry, failed, held, suppressed] = await seedDeliveries(storage, subscription, 5, () => ({ attemptCount: 1 }));
        await queue.claimDue({ now: at(0), limit: 10, leaseMs: LEASE, workerId: 'w1' });
        const attempts = [ok!, retry!, failed!].map((d, i) => anAttempt(d, { attemptedAt: at(100 + i), succeeded: i === 0, statusCode: i === 0 ? 200 : 500 }));
        const heldAttempt = anAttempt(held!, { attemptedAt: at(200), errorClass: 'held', statusCode: null, responseBody: null });
        await queue.complete('w1', [
          outcome(ok!.id, { kind: 'succeeded' }, { attempt: attempts[0]! }),
          outcome(retry!.id, { kind: 'retry', at: at(5_000) }, { attempt: attempts[1]!, lastError: 'HTTP 500' }),
          outcome(failed!.id, { kind: 'failed' }, { attempt: attempts[2]!, lastError: 'HTTP 500' }),
          outcome(held!.id, { kind: 'held', at: at(60_000) }, { attempt: heldAttempt, lastError: 'no API admin' }),
          outcome(suppressed!.id, { kind: 'suppressed', reason: 'subscription_disabled' }, { lastError: 'webhook disabled' }),
        ]);
        const state = async (id: string) => (await storage.deliveries.get(project.id, id))!;
        expect((await state(ok!.id)).delivery).toMatchObject({ status: 'succeeded', nextAttemptAt: null, attemptCount: 2, lastError: null });
        expect((await state(ok!.id)).attempts).toEqual([attempts[0]]);
        expect((await state(retry!.id)).delivery).toMatchObject({ status: 'pending', nextAttemptAt: at(5_000), attemptCount: 2, lastError: 'HTTP 500' });
        expect((await state(failed!.id)).delivery).toMatchObject({ status: 'failed', nextAttemptAt: null, attemptCount: 2, lastError: 'HTTP 500' });
        expect((await state(held!.id)).delivery).toMatchObject({ status: 'pending', nextAttemptAt: at(60_000), attemptCount: 2 });
        expect((await state(held!.id)).attempts).toEqual([heldAttempt]);
        expect((await state(suppressed!.id)).delivery).toMatchObject({
          status: 'suppressed',
          nextAttemptAt: null,
          attemptCount: 2,
          suppressedReason: 'subscription_disabled',
          lastError: 'webhook disabled',
        });
        expect((await state(suppressed!.id)).attempts).toEqual([]);
        // Retried and held deliveries come due again at their time, not before.
        expect(await queue.claimDue({ now: at(4_999), limit: 10, leaseMs: LEASE, workerId: 'w2' })).toEqual([]);
        expect(ids(await queue.claimDue({ now: at(60_000), limit: 10, leaseMs: LEASE, workerId: 'w2' }))).toEqual([retry!.id, held!.id].sort());
      });

      it('should disable the subscription when told to', async () => {
        const { storage, queue } = subject();
        const { project, subscription } = await seedProject(storage);
        const [delivery] = await seedDeliveries(storage, subscription, 1);
        await queue.claimDue({ now: at(0), limit: 1, leaseMs: LEASE, workerId: 'w1' });
        await queue.complete('w1', [
          outcome(delivery!.id, { kind: 'failed' }, { attempt: anAttempt(delivery!, { statusCode: 410 }), disableSubscription: { subscriptionId: subscription.id, reason: 'gone' }, lastError: 'HTTP 410' }),
        ]);
        expect(await storage.subscriptions.get(project.id, subscription.id)).toMatchObject({ enabled: false, disabledReason: 'gone' });
      });

      it('should accept an empty batch', async () => {
        const { queue } = subject();
        await expect(queue.complete('w1', [])).resolves.toBeUndefined();
      });
    });

    describe('nextDueAt and pendingCount', () => {
      it('should answer null and 0 when nothing is pending', async () => {
        const { storage, queue } = subject();
        const { subscription } = await seedProject(storage);
        await seedDeliveries(storage, subscription, 1, () => ({ status: 'succeeded', nextAttemptAt: null }));
        expect(await queue.nextDueAt()).toBeNull();
        expect(await queue.pendingCount()).toBe(0);
      });

      it('should answer the earliest due time among pending deliveries, and how many are pending', async () => {
        const { storage, queue } = subject();
        const { subscription } = await seedProject(storage);
        await seedDeliveries(storage, subscription, 4, (i) => ([{ nextAttemptAt: at(9_000) }, { nextAttemptAt: at(3_000) }, { nextAttemptAt: at(7_000) }, { status: 'failed', nextAttemptAt: null }] satisfies Partial<Delivery>[])[i]!);
        expect(await queue.nextDueAt()).toEqual(at(3_000));
        expect(await queue.pendingCount()).toBe(3);
      });

      it('should count a leased delivery as due when its lease ends', async () => {
        const { storage, queue } = subject();
        const { subscription } = await seedProject(storage);
        await seedDeliveries(storage, subscription, 2, (i) => ({ nextAttemptAt: at(i === 0 ? 0 : 90_000) }));
        await queue.claimDue({ now: at(0), limit: 1, leaseMs: LEASE, workerId: 'w1' });
        expect(await queue.nextDueAt()).toEqual(at(LEASE));
        expect(await queue.pendingCount()).toBe(2);
      });
    });

    describe('stats', () => {
      it('should answer zeros and no oldest due time when nothing is pending', async () => {
        const { storage, queue } = subject();
        const { subscription } = await seedProject(storage);
        await seedDeliveries(storage, subscription, 1, () => ({ status: 'failed', nextAttemptAt: null, attemptCount: 8 }));
        expect(await queue.stats(at(0))).toEqual({ pending: 0, due: 0, oldestDueAt: null, retryingWebhooks: 0 });
      });

      it('should count pending and due deliveries and date the oldest due one from its due time', async () => {
        const { storage, queue } = subject();
        const { subscription } = await seedProject(storage);
        await seedDeliveries(storage, subscription, 4, (i) => ([{ nextAttemptAt: at(-9_000) }, { nextAttemptAt: at(-3_000) }, { nextAttemptAt: at(60_000) }, { status: 'succeeded', nextAttemptAt: null }] satisfies Partial<Delivery>[])[i]!);
        expect(await queue.stats(at(0))).toEqual({ pending: 3, due: 2, oldestDueAt: at(-9_000), retryingWebhooks: 0 });
      });

      it('should not count a delivery whose retry waits in the future as due, and count its webhook as retrying', async () => {
        const { storage, queue } = subject();
        const { project, subscription } = await seedProject(storage);
        const other = aSubscription(project.id, { url: 'https://hooks.example.org/other' });
        await storage.subscriptions.insert(other);
        const [retrying] = await seedDeliveries(storage, subscription, 2, (i) => ({ nextAttemptAt: at(i === 0 ? -1 : 0) }));
        await seedDeliveries(storage, other, 1, () => ({ nextAttemptAt: at(0) }));
        await queue.claimDue({ now: at(0), limit: 1, leaseMs: LEASE, workerId: 'w1' });
        await queue.complete('w1', [outcome(retrying!.id, { kind: 'retry', at: at(300_000) }, { attempt: anAttempt(retrying!), lastError: 'HTTP 500' })]);
        expect(await queue.stats(at(1_000))).toEqual({ pending: 3, due: 2, oldestDueAt: at(0), retryingWebhooks: 1 });
        expect(await queue.stats(at(300_000))).toEqual({ pending: 3, due: 3, oldestDueAt: at(0), retryingWebhooks: 1 });
      });

      it('should keep counting a due delivery a worker holds, from when it came due, lease or no lease', async () => {
        const { storage, queue } = subject();
        const { subscription } = await seedProject(storage);
        await seedDeliveries(storage, subscription, 1, () => ({ nextAttemptAt: at(-60_000) }));
        await queue.claimDue({ now: at(-50_000), limit: 1, leaseMs: LEASE, workerId: 'w1' });
        // Held past its lease (a slow host): still due, still dated from its due time.
        expect(await queue.stats(at(0))).toEqual({ pending: 1, due: 1, oldestDueAt: at(-60_000), retryingWebhooks: 0 });
        expect(await queue.stats(at(-55_000))).toEqual({ pending: 1, due: 1, oldestDueAt: at(-60_000), retryingWebhooks: 0 });
      });
    });

    describe('pruneSucceeded', () => {
      it('should delete old succeeded deliveries with their attempts, in batches, and keep the rest', async () => {
        const { storage, queue } = subject();
        const { project, subscription } = await seedProject(storage);
        const old = { status: 'succeeded', nextAttemptAt: null, updatedAt: at(1_000) } as const;
        const deliveries = await seedDeliveries(storage, subscription, 8, (i) =>
          i < 5 ? old : [{ status: 'succeeded', nextAttemptAt: null, updatedAt: at(10_000) } as const, { status: 'failed', nextAttemptAt: null, updatedAt: at(1_000) } as const, {}][i - 5]!,
        );
        await storage.deliveries.insertAttempts(deliveries.map((d) => anAttempt(d, { succeeded: d.status === 'succeeded' })));
        expect(await queue.pruneSucceeded(at(5_000), 2)).toBe(5);
        for (const d of deliveries.slice(0, 5)) expect(await storage.deliveries.get(project.id, d.id)).toBeNull();
        for (const d of deliveries.slice(5)) expect((await storage.deliveries.get(project.id, d.id))?.attempts).toHaveLength(1);
        expect(await queue.pruneSucceeded(at(5_000), 2)).toBe(0);
      });

      it('should keep an event that still has a delivery', async () => {
        const { storage, queue } = subject();
        const { project, subscription } = await seedProject(storage);
        const other = { ...subscription, id: subscription.id + 'b', url: subscription.url + '/b' };
        await storage.subscriptions.insert(other);
        const event = anEvent(project.id);
        const gone = aDelivery(event, subscription, { status: 'succeeded', nextAttemptAt: null, updatedAt: at(0) });
        const kept = aDelivery(event, other, { status: 'failed', nextAttemptAt: null, updatedAt: at(0) });
        await storage.deliveries.insertEvents([event]);
        await storage.deliveries.insertDeliveries([gone, kept]);
        expect(await queue.pruneSucceeded(at(5_000), 100)).toBe(1);
        expect((await storage.deliveries.get(project.id, kept.id))?.event).toEqual(event);
      });
    });

    describe('concurrency', () => {
      it('should let four parallel claimers take 10,000 due deliveries, each exactly once', async () => {
        const { storage, queue } = subject();
        const { subscription } = await seedProject(storage);
        const deliveries = await seedDeliveries(storage, subscription, 10_000, (i) => ({ nextAttemptAt: at(-(i % 97)) }));
        const claimer = async (workerId: string): Promise<string[]> => {
          const mine: string[] = [];
          for (;;) {
            const batch = await queue.claimDue({ now: at(0), limit: 250, leaseMs: LEASE, workerId });
            if (batch.length === 0) return mine;
            mine.push(...batch.map((c) => c.deliveryId));
          }
        };
        const claimed = await Promise.all(['w1', 'w2', 'w3', 'w4'].map(claimer));
        const all = claimed.flat();
        expect(all).toHaveLength(10_000);
        expect(new Set(all).size).toBe(10_000);
        expect(new Set(all)).toEqual(new Set(deliveries.map((d) => d.id)));
      }, 120_000);
    });
  });
}
