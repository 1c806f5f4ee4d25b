import { describe, expect, it } from '@jest/globals';
import type { Attempt, Delivery } from '../../model/delivery.js';
import type { Subscription } from '../../model/subscription.js';
import type { ClaimedDelivery, DeliveryOutcome, EndpointHealth, RetentionPolicy } from '../../ports/delivery-queue.port.js';
import { interactionRecordType } from '../../use-cases/form-interactions.js';
import type { OpenSubject } from './contract-subject.js';
import { aDelivery, anAttempt, aSubscription, anEvent, at, claimAt, seedDeliveries, seedProject, statsAt } from './fixtures.js';
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
        const { storage } = subject();
        const { project, subscription } = await seedProject(storage, { subscription: { timeoutMs: 7_000 } });
        const event = anEvent(project.id, { payload: { z: 1, a: { nested: ['x', 2, null] }, text: 'é "quoted"' } });
        const delivery = aDelivery(event, subscription, { attemptCount: 2, createdAt: at(-5_000), nextAttemptAt: at(0) });
        await storage.deliveries.insertEvents([event]);
        await storage.deliveries.insertDeliveries([delivery]);
        const [claimed, ...rest] = await claimAt(subject(), at(0), { limit: 10, leaseMs: LEASE, workerId: 'w1' });
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
        const { storage } = subject();
        const { subscription } = await seedProject(storage);
        const [due] = await seedDeliveries(storage, subscription, 5, (i) =>
          ([{}, { nextAttemptAt: at(1) }, { status: 'succeeded', nextAttemptAt: null }, { status: 'failed', nextAttemptAt: null }, { status: 'suppressed', nextAttemptAt: null, suppressedReason: 'no_api_admin' }] satisfies Partial<Delivery>[])[i]!,
        );
        expect(ids(await claimAt(subject(), at(0), { limit: 10, leaseMs: LEASE, workerId: 'w1' }))).toEqual([due!.id]);
      });

      it('should claim the earliest due first, at most `limit`', async () => {
        const { storage } = subject();
        const { subscription } = await seedProject(storage);
        const deliveries = await seedDeliveries(storage, subscription, 5, (i) => ({ nextAttemptAt: at(-1_000 * ((i * 3) % 5)) }));
        const earliest = [...deliveries].sort((a, b) => a.nextAttemptAt!.getTime() - b.nextAttemptAt!.getTime());
        expect(ids(await claimAt(subject(), at(0), { limit: 2, leaseMs: LEASE, workerId: 'w1' }))).toEqual([earliest[0]!.id, earliest[1]!.id].sort());
        expect(await claimAt(subject(), at(0), { limit: 0, leaseMs: LEASE, workerId: 'w1' })).toEqual([]);
      });

      it('should say a disabled subscription is disabled', async () => {
        const { storage } = subject();
        const { subscription } = await seedProject(storage, { subscription: { enabled: false, disabledReason: 'gone' } });
        await seedDeliveries(storage, subscription, 1);
        const [claimed] = await claimAt(subject(), at(0), { limit: 10, leaseMs: LEASE, workerId: 'w1' });
        expect(claimed?.subscriptionEnabled).toBe(false);
      });
    });

    describe('leases', () => {
      it('should not hand a leased delivery to anyone while the lease lives', async () => {
        const { storage } = subject();
        const { subscription } = await seedProject(storage);
        await seedDeliveries(storage, subscription, 3);
        expect(await claimAt(subject(), at(0), { limit: 10, leaseMs: LEASE, workerId: 'w1' })).toHaveLength(3);
        expect(await claimAt(subject(), at(0), { limit: 10, leaseMs: LEASE, workerId: 'w2' })).toEqual([]);
        expect(await claimAt(subject(), at(LEASE - 1), { limit: 10, leaseMs: LEASE, workerId: 'w2' })).toEqual([]);
      });

      it('should give the work of a claimer that died to the next claimer once its lease is over', async () => {
        const { storage } = subject();
        const { subscription } = await seedProject(storage);
        const deliveries = await seedDeliveries(storage, subscription, 4);
        await claimAt(subject(), at(0), { limit: 10, leaseMs: LEASE, workerId: 'dead' });
        // `dead` never completes: past its lease, everything is claimable again, as it was.
        const again = await claimAt(subject(), at(LEASE + 1), { limit: 10, leaseMs: LEASE, workerId: 'w2' });
        expect(ids(again)).toEqual(deliveries.map((d) => d.id).sort());
        expect(again.every((c) => c.attemptCount === 0)).toBe(true);
      });

      it('should ignore completions from a worker whose lease was taken over', async () => {
        const { storage, queue } = subject();
        const { project, subscription } = await seedProject(storage);
        const [delivery] = await seedDeliveries(storage, subscription, 1);
        await claimAt(subject(), at(0), { limit: 1, leaseMs: LEASE, workerId: 'slow' });
        await claimAt(subject(), at(LEASE + 1), { limit: 1, leaseMs: LEASE, workerId: 'fast' });
        await queue.complete('slow', [
          outcome(delivery!.id, { kind: 'failed' }, { attempt: anAttempt(delivery!, { statusCode: 410 }), endpoint: { subscriptionId: subscription.id, up: false, disableAfterMs: 0 }, disableSubscription: { subscriptionId: subscription.id, reason: 'gone' } }),
        ]);
        let detail = await storage.deliveries.get(project.id, delivery!.id);
        expect(detail?.delivery).toMatchObject({ status: 'pending', attemptCount: 0 });
        expect(detail?.attempts).toEqual([]);
        // Nor does the late outcome touch its webhook: no failing period, not disabled.
        expect(await storage.subscriptions.get(project.id, subscription.id)).toMatchObject({ enabled: true, disabledReason: null, failingSince: null });
        const attempt = anAttempt(delivery!, { attemptedAt: at(LEASE + 2) });
        await queue.complete('fast', [outcome(delivery!.id, { kind: 'retry', delayMs: 60_000 }, { attempt, lastError: 'HTTP 500' })]);
        detail = await storage.deliveries.get(project.id, delivery!.id);
        expect(detail?.delivery).toMatchObject({ status: 'pending', attemptCount: 1, nextAttemptAt: at(LEASE + 1 + 60_000), lastError: 'HTTP 500' });
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
        await claimAt(subject(), at(0), { limit: 10, leaseMs: LEASE, workerId: 'w1' });
        await queue.release('w2', [a!.id, b!.id]); // not w2's: no effect
        expect(await claimAt(subject(), at(1), { limit: 10, leaseMs: LEASE, workerId: 'w3' })).toEqual([]);
        await queue.release('w1', [a!.id]);
        expect(ids(await claimAt(subject(), at(1), { limit: 10, leaseMs: LEASE, workerId: 'w3' }))).toEqual([a!.id]);
        await queue.release('w1', []);
      });

      it('should extend only the leases the worker still holds, and keep extended ones from other claimers', async () => {
        const { storage, queue, clock } = subject();
        const { project, subscription } = await seedProject(storage);
        const [held, lapsed, done, taken, requeued] = await seedDeliveries(storage, subscription, 5);
        await claimAt(subject(), at(0), { limit: 10, leaseMs: LEASE, workerId: 'w1' });
        await queue.complete('w1', [outcome(done!.id, { kind: 'succeeded' })]);
        // `taken` lapses and w2 claims it; `lapsed` lapses too but nobody claims it; `requeued` goes back to the queue.
        await queue.release('w1', [taken!.id]);
        await claimAt(subject(), at(1), { limit: 1, leaseMs: LEASE * 10, workerId: 'w2' });
        await storage.deliveries.requeue(project.id, [requeued!.id], at(2));
        // At the end of w1's lease, a renewal for two more: until LEASE × 3.
        clock.set(at(LEASE));
        const extended = await queue.extend('w1', [held!.id, lapsed!.id, done!.id, taken!.id, requeued!.id, 'dlv_unknown'], LEASE * 2);
        expect([...extended].sort()).toEqual([held!.id, lapsed!.id].sort());
        expect(await queue.extend('w2', [held!.id], LEASE * 9)).toEqual([]);
        expect(await queue.extend('w1', [], LEASE * 9)).toEqual([]);
        // Past the first lease, before the extended one: only the requeued delivery is free to claim.
        expect(ids(await claimAt(subject(), at(LEASE * 2), { limit: 10, leaseMs: LEASE * 10, workerId: 'w3' }))).toEqual([requeued!.id]);
        expect(await queue.nextDueInMs()).toBe(LEASE);
        // The holder completes what it kept; once the extended lease lapses, the rest is claimable again.
        await queue.complete('w1', [outcome(held!.id, { kind: 'succeeded' })]);
        expect((await storage.deliveries.get(project.id, held!.id))?.delivery.status).toBe('succeeded');
        expect(ids(await claimAt(subject(), at(LEASE * 3 + 1), { limit: 10, leaseMs: LEASE, workerId: 'w3' }))).toEqual([lapsed!.id]);
      });

      it('should drop the lease of a requeued delivery: the old holder cannot complete it', async () => {
        const { storage, queue } = subject();
        const { project, subscription } = await seedProject(storage);
        const [delivery] = await seedDeliveries(storage, subscription, 1);
        await claimAt(subject(), at(0), { limit: 1, leaseMs: LEASE, workerId: 'w1' });
        await storage.deliveries.requeue(project.id, [delivery!.id], at(5));
        expect(ids(await claimAt(subject(), at(5), { limit: 1, leaseMs: LEASE, workerId: 'w2' }))).toEqual([delivery!.id]);
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
          await claimAt(subject(), at(round * 10), { limit: 1, leaseMs: LEASE, workerId: 'w1' });
          const attempt = anAttempt(delivery!, { attemptedAt: at(round * 10 + 1) });
          const reads = Array.from({ length: 4 }, () => storage.deliveries.get(project.id, delivery!.id));
          await queue.complete('w1', [outcome(delivery!.id, { kind: 'retry', delayMs: 5 }, { attempt, lastError: 'HTTP 500' })]);
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
        await claimAt(subject(), at(0), { limit: 10, leaseMs: LEASE, workerId: 'w1' });
        const attempts = [ok!, retry!, failed!].map((d, i) => anAttempt(d, { attemptedAt: at(100 + i), succeeded: i === 0, statusCode: i === 0 ? 200 : 500 }));
        const heldAttempt = anAttempt(held!, { attemptedAt: at(200), errorClass: 'held', statusCode: null, responseBody: null });
        await queue.complete('w1', [
          outcome(ok!.id, { kind: 'succeeded' }, { attempt: attempts[0]! }),
          outcome(retry!.id, { kind: 'retry', delayMs: 5_000 }, { attempt: attempts[1]!, lastError: 'HTTP 500' }),
          outcome(failed!.id, { kind: 'failed' }, { attempt: attempts[2]!, lastError: 'HTTP 500' }),
          outcome(held!.id, { kind: 'held', delayMs: 60_000 }, { attempt: heldAttempt, lastError: 'no API admin' }),
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
        // Retried and held deliveries come due again their delay after the completion (by the queue's clock), not before.
        expect(await claimAt(subject(), at(4_999), { limit: 10, leaseMs: LEASE, workerId: 'w2' })).toEqual([]);
        expect(ids(await claimAt(subject(), at(60_000), { limit: 10, leaseMs: LEASE, workerId: 'w2' }))).toEqual([retry!.id, held!.id].sort());
      });

      it('should disable the subscription when told to', async () => {
        const { storage, queue } = subject();
        const { project, subscription } = await seedProject(storage);
        const [delivery] = await seedDeliveries(storage, subscription, 1);
        await claimAt(subject(), at(0), { limit: 1, leaseMs: LEASE, workerId: 'w1' });
        await queue.complete('w1', [
          outcome(delivery!.id, { kind: 'failed' }, { attempt: anAttempt(delivery!, { statusCode: 410 }), disableSubscription: { subscriptionId: subscription.id, reason: 'gone' }, lastError: 'HTTP 410' }),
        ]);
        expect(await storage.subscriptions.get(project.id, subscription.id)).toMatchObject({ enabled: false, disabledReason: 'gone' });
      });

      it('should write every outcome of a batch when one cannot be stored as given, that one without its text', async () => {
        const { storage, queue } = subject();
        const { project, subscription } = await seedProject(storage);
        const [fine, nul, split, message] = await seedDeliveries(storage, subscription, 4);
        await claimAt(subject(), at(0), { limit: 10, leaseMs: LEASE, workerId: 'w1' });
        const attempts = {
          fine: anAttempt(fine!, { succeeded: true, statusCode: 200, responseBody: 'ok 😀', errorClass: null, errorMessage: null }),
          nul: anAttempt(nul!, { succeeded: true, statusCode: 200, responseBody: 'ok\u0000', errorClass: null, errorMessage: null }),
          split: anAttempt(split!, { responseBody: 'aaa\uD83D' }),
          message: anAttempt(message!, { errorMessage: 'bad \uDE00 \u0000' }),
        };
        await queue.complete('w1', [
          outcome(fine!.id, { kind: 'succeeded' }, { attempt: attempts.fine }),
          outcome(nul!.id, { kind: 'succeeded' }, { attempt: attempts.nul }),
          outcome(split!.id, { kind: 'retry', delayMs: LEASE * 2 }, { attempt: attempts.split, lastError: 'HTTP 500' }),
          outcome(message!.id, { kind: 'failed' }, { attempt: attempts.message, lastError: 'bad \uDE00 \u0000' }),
        ]);
        const state = async (id: string) => (await storage.deliveries.get(project.id, id))!;
        expect(await state(fine!.id)).toMatchObject({ delivery: { status: 'succeeded', attemptCount: 1 }, attempts: [attempts.fine] });
        const withoutText = (attempt: Attempt): Attempt => ({ ...attempt, responseBody: null, errorMessage: null });
        expect(await state(nul!.id)).toMatchObject({ delivery: { status: 'succeeded', attemptCount: 1, lastError: null }, attempts: [withoutText(attempts.nul)] });
        expect(await state(split!.id)).toMatchObject({ delivery: { status: 'pending', nextAttemptAt: at(LEASE * 2), attemptCount: 1, lastError: null }, attempts: [withoutText(attempts.split)] });
        expect(await state(message!.id)).toMatchObject({ delivery: { status: 'failed', attemptCount: 1, lastError: null }, attempts: [withoutText(attempts.message)] });
        // Nothing is left leased to be sent again.
        expect(await claimAt(subject(), at(LEASE + 1), { limit: 10, leaseMs: LEASE, workerId: 'w2' })).toEqual([]);
      });

      it("should keep each webhook's failing period by the queue's clock, disable it as failing once long enough, and clear it on a success", async () => {
        const { storage, queue } = subject();
        const { project, subscription: failing } = await seedProject(storage);
        const recovering = aSubscription(project.id);
        await storage.subscriptions.insert(recovering);
        const DISABLE = 5 * 86_400_000;
        const down = (s: Subscription): EndpointHealth => ({ subscriptionId: s.id, up: false, disableAfterMs: DISABLE });
        const up = (s: Subscription): EndpointHealth => ({ subscriptionId: s.id, up: true });
        /** At `time`, one attempt per verdict, each to its webhook, completed in one batch. */
        const batchAt = async (time: number, verdicts: EndpointHealth[]) => {
          const subs = verdicts.map((v) => (v.subscriptionId === failing.id ? failing : recovering));
          const events = verdicts.map(() => anEvent(project.id));
          const deliveries = events.map((e, i) => aDelivery(e, subs[i]!, { nextAttemptAt: at(time) }));
          await storage.deliveries.insertEvents(events);
          await storage.deliveries.insertDeliveries(deliveries);
          expect(await claimAt(subject(), at(time), { limit: 10, leaseMs: LEASE, workerId: 'w1' })).toHaveLength(verdicts.length);
          await queue.complete(
            'w1',
            deliveries.map((d, i) => outcome(d.id, { kind: verdicts[i]!.up ? 'succeeded' : 'failed' }, { attempt: anAttempt(d, { attemptedAt: at(time) }), endpoint: verdicts[i]! })),
          );
        };
        const health = async (s: Subscription) => {
          const found = await storage.subscriptions.get(project.id, s.id);
          return { enabled: found?.enabled, disabledReason: found?.disabledReason, failingSince: found?.failingSince };
        };
        await batchAt(0, [down(failing), down(recovering)]);
        expect(await health(failing)).toEqual({ enabled: true, disabledReason: null, failingSince: at(0) });
        expect(await health(recovering)).toEqual({ enabled: true, disabledReason: null, failingSince: at(0) });
        // A success anywhere in a batch clears the period; failing all the while, just short of the limit, stays enabled.
        await batchAt(DISABLE - 1, [down(failing), down(recovering), up(recovering)]);
        expect(await health(failing)).toEqual({ enabled: true, disabledReason: null, failingSince: at(0) });
        expect(await health(recovering)).toEqual({ enabled: true, disabledReason: null, failingSince: null });
        await batchAt(DISABLE, [down(failing), down(recovering)]);
        expect(await health(failing)).toEqual({ enabled: false, disabledReason: 'failing', failingSince: at(0) });
        expect(await health(recovering)).toEqual({ enabled: true, disabledReason: null, failingSince: at(DISABLE) });
      });

      it('should accept an empty batch', async () => {
        const { queue } = subject();
        await expect(queue.complete('w1', [])).resolves.toBeUndefined();
      });
    });

    describe('nextDueInMs and pendingCount', () => {
      it('should answer null and 0 when nothing is pending', async () => {
        const { storage, queue } = subject();
        const { subscription } = await seedProject(storage);
        await seedDeliveries(storage, subscription, 1, () => ({ status: 'succeeded', nextAttemptAt: null }));
        expect(await queue.nextDueInMs()).toBeNull();
        expect(await queue.pendingCount()).toBe(0);
      });

      it('should answer how long until the earliest due time among pending deliveries (by the queue clock), and how many are pending', async () => {
        const { storage, queue, clock } = subject();
        const { subscription } = await seedProject(storage);
        await seedDeliveries(storage, subscription, 4, (i) => ([{ nextAttemptAt: at(9_000) }, { nextAttemptAt: at(3_000) }, { nextAttemptAt: at(7_000) }, { status: 'failed', nextAttemptAt: null }] satisfies Partial<Delivery>[])[i]!);
        expect(await queue.nextDueInMs()).toBe(3_000);
        clock.set(at(5_000));
        expect(await queue.nextDueInMs()).toBe(-2_000);
        expect(await queue.pendingCount()).toBe(3);
      });

      it('should count a leased delivery as due when its lease ends', async () => {
        const { storage, queue } = subject();
        const { subscription } = await seedProject(storage);
        await seedDeliveries(storage, subscription, 2, (i) => ({ nextAttemptAt: at(i === 0 ? 0 : 90_000) }));
        await claimAt(subject(), at(0), { limit: 1, leaseMs: LEASE, workerId: 'w1' });
        expect(await queue.nextDueInMs()).toBe(LEASE);
        expect(await queue.pendingCount()).toBe(2);
      });
    });

    describe('stats', () => {
      it('should answer zeros and no oldest due time when nothing is pending', async () => {
        const { storage } = subject();
        const { subscription } = await seedProject(storage);
        await seedDeliveries(storage, subscription, 1, () => ({ status: 'failed', nextAttemptAt: null, attemptCount: 8 }));
        expect(await statsAt(subject(), at(0))).toEqual({ pending: 0, due: 0, oldestDueAgeMs: null, retryingWebhooks: 0 });
      });

      it('should count pending and due deliveries and date the oldest due one from its due time', async () => {
        const { storage } = subject();
        const { subscription } = await seedProject(storage);
        await seedDeliveries(storage, subscription, 4, (i) => ([{ nextAttemptAt: at(-9_000) }, { nextAttemptAt: at(-3_000) }, { nextAttemptAt: at(60_000) }, { status: 'succeeded', nextAttemptAt: null }] satisfies Partial<Delivery>[])[i]!);
        expect(await statsAt(subject(), at(0))).toEqual({ pending: 3, due: 2, oldestDueAgeMs: 9_000, retryingWebhooks: 0 });
      });

      it('should not count a delivery whose retry waits in the future as due, and count its webhook as retrying', async () => {
        const { storage, queue } = subject();
        const { project, subscription } = await seedProject(storage);
        const other = aSubscription(project.id, { url: 'https://hooks.example.org/other' });
        await storage.subscriptions.insert(other);
        const [retrying] = await seedDeliveries(storage, subscription, 2, (i) => ({ nextAttemptAt: at(i === 0 ? -1 : 0) }));
        await seedDeliveries(storage, other, 1, () => ({ nextAttemptAt: at(0) }));
        await claimAt(subject(), at(0), { limit: 1, leaseMs: LEASE, workerId: 'w1' });
        await queue.complete('w1', [outcome(retrying!.id, { kind: 'retry', delayMs: 300_000 }, { attempt: anAttempt(retrying!), lastError: 'HTTP 500' })]);
        expect(await statsAt(subject(), at(1_000))).toEqual({ pending: 3, due: 2, oldestDueAgeMs: 1_000, retryingWebhooks: 1 });
        expect(await statsAt(subject(), at(300_000))).toEqual({ pending: 3, due: 3, oldestDueAgeMs: 300_000, retryingWebhooks: 1 });
      });

      it('should keep counting a due delivery a worker holds, from when it came due, lease or no lease', async () => {
        const { storage } = subject();
        const { subscription } = await seedProject(storage);
        await seedDeliveries(storage, subscription, 1, () => ({ nextAttemptAt: at(-60_000) }));
        await claimAt(subject(), at(-50_000), { limit: 1, leaseMs: LEASE, workerId: 'w1' });
        // Held past its lease (a slow host): still due, still dated from its due time.
        expect(await statsAt(subject(), at(0))).toEqual({ pending: 1, due: 1, oldestDueAgeMs: 60_000, retryingWebhooks: 0 });
        expect(await statsAt(subject(), at(-55_000))).toEqual({ pending: 1, due: 1, oldestDueAgeMs: 5_000, retryingWebhooks: 0 });
      });
    });

    describe('prune', () => {
      /** Keeps everything for a long time unless `over` says otherwise. */
      const keeping = (over: Partial<RetentionPolicy>): RetentionPolicy => ({
        succeededMs: 1e9,
        failedMs: 1e9,
        suppressedMs: 1e9,
        activityMs: 1e9,
        interactionMs: 1e9,
        ...over,
      });
      const none = { succeeded: 0, failed: 0, suppressed: 0, activities: 0, interactions: 0 };

      it('should delete final deliveries older than their kind keeps them, with their attempts, in batches, and keep the rest', async () => {
        const { storage, queue, clock } = subject();
        const { project, subscription } = await seedProject(storage);
        const final = (status: 'succeeded' | 'failed' | 'suppressed', updated: number): Partial<Delivery> => ({
          status,
          nextAttemptAt: null,
          updatedAt: at(updated),
          suppressedReason: status === 'suppressed' ? 'no_api_admin' : null,
        });
        const plan: Partial<Delivery>[] = [
          ...Array.from({ length: 5 }, () => final('succeeded', 1_000)),
          final('failed', 40_000),
          final('suppressed', 70_000),
          // Kept: younger than their own kind's retention, or pending (however old).
          final('succeeded', 95_000),
          final('failed', 60_000),
          final('suppressed', 85_000),
          { status: 'pending', nextAttemptAt: at(0), updatedAt: at(0) },
        ];
        const deliveries = await seedDeliveries(storage, subscription, plan.length, (i) => plan[i]!);
        await storage.deliveries.insertAttempts(deliveries.map((d) => anAttempt(d, { succeeded: d.status === 'succeeded' })));
        clock.set(at(100_000));
        const policy = keeping({ succeededMs: 10_000, failedMs: 50_000, suppressedMs: 20_000 });
        // At most two of each kind per call, the oldest first; a kind at the batch size may have more.
        expect(await queue.prune(policy, 2)).toEqual({ ...none, succeeded: 2, failed: 1, suppressed: 1 });
        expect(await queue.prune(policy, 2)).toEqual({ ...none, succeeded: 2 });
        expect(await queue.prune(policy, 2)).toEqual({ ...none, succeeded: 1 });
        for (const d of deliveries.slice(0, 7)) expect(await storage.deliveries.get(project.id, d.id)).toBeNull();
        for (const d of deliveries.slice(7)) expect((await storage.deliveries.get(project.id, d.id))?.attempts).toHaveLength(1);
        expect(await queue.prune(policy, 2)).toEqual(none);
        expect(await queue.pendingCount()).toBe(1);
      });

      it('should keep an event that still has a delivery', async () => {
        const { storage, queue, clock } = subject();
        const { project, subscription } = await seedProject(storage);
        const other = { ...subscription, id: subscription.id + 'b', url: subscription.url + '/b' };
        await storage.subscriptions.insert(other);
        const event = anEvent(project.id);
        const gone = aDelivery(event, subscription, { status: 'succeeded', nextAttemptAt: null, updatedAt: at(0) });
        const kept = aDelivery(event, other, { status: 'pending', nextAttemptAt: at(0), updatedAt: at(0) });
        await storage.deliveries.insertEvents([event]);
        await storage.deliveries.insertDeliveries([gone, kept]);
        clock.set(at(5_000));
        expect(await queue.prune(keeping({ succeededMs: 1_000, failedMs: 1_000, suppressedMs: 1_000 }), 100)).toEqual({ ...none, succeeded: 1 });
        expect((await storage.deliveries.get(project.id, kept.id))?.event).toEqual(event);
        expect(ids(await claimAt(subject(), at(5_000), { limit: 10, leaseMs: LEASE, workerId: 'w1' }))).toEqual([kept.id]);
      });

      it('should delete activity records and interaction records each by their own retention, by when they were received', async () => {
        const { storage, queue, clock } = subject();
        const { project } = await seedProject(storage);
        const record = (id: string, type: string, received: number) => ({ projectId: project.id, id, type, receivedAt: at(received), result: { events: [] } });
        const records = [
          record('report-old', 'login', 1_000),
          record('report-new', 'registered', 90_000),
          record('preprocess:old', interactionRecordType('preprocess'), 50_000),
          record('load:new', interactionRecordType('load'), 95_000),
          record('submission:old', interactionRecordType('submission'), 85_000),
        ];
        for (const r of records) expect(await storage.activities.insert(r)).toBe(true);
        clock.set(at(100_000));
        const policy = keeping({ activityMs: 20_000, interactionMs: 10_000 });
        expect(await queue.prune(policy, 1)).toEqual({ ...none, activities: 1, interactions: 1 });
        expect(await queue.prune(policy, 1)).toEqual({ ...none, interactions: 1 });
        const left = await storage.activities.findMany(project.id, records.map((r) => r.id));
        expect(left.map((r) => r.id).sort()).toEqual(['load:new', 'report-new']);
      });
    });

    describe('concurrency', () => {
      it('should let four parallel claimers take 10,000 due deliveries, each exactly once', async () => {
        const { storage } = subject();
        const { subscription } = await seedProject(storage);
        const deliveries = await seedDeliveries(storage, subscription, 10_000, (i) => ({ nextAttemptAt: at(-(i % 97)) }));
        const claimer = async (workerId: string): Promise<string[]> => {
          const mine: string[] = [];
          for (;;) {
            const batch = await claimAt(subject(), at(0), { limit: 250, leaseMs: LEASE, workerId });
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
