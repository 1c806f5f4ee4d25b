import { describe, expect, it } from '@jest/globals';
import type { Delivery } from '../../model/delivery.js';
import type { DeliveryFilter, FailedFilter, ResendCandidate } from '../../ports/delivery-store.port.js';
import type { Storage } from '../../ports/storage.port.js';
import type { OpenSubject } from './contract-subject.js';
import { T0, aDelivery, aSubscription, anAttempt, anEvent, at, claimAt, seedDeliveries, seedProject, uid } from './fixtures.js';
import { useSubject } from './use-subject.js';

/** Every item of a listing, following cursors with pages of `limit`. */
async function listAll(storage: Storage, projectId: string, filter: DeliveryFilter, limit: number): Promise<Delivery[]> {
  const all: Delivery[] = [];
  let cursor: string | undefined;
  for (let pages = 0; pages < 100; pages += 1) {
    const page = await storage.deliveries.list(projectId, filter, { limit, ...(cursor === undefined ? {} : { cursor }) });
    expect(page.items.length).toBeLessThanOrEqual(limit);
    all.push(...page.items);
    if (page.nextCursor === null) return all;
    cursor = page.nextCursor;
  }
  throw new Error('the listing never ended');
}

/** Newest first, ties by id (descending). */
const newestFirst = (deliveries: readonly Delivery[]): Delivery[] =>
  [...deliveries].sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || (a.id < b.id ? 1 : -1));

/** Events, deliveries and attempts as the log and the use cases see them. */
export function deliveryLogContract(open: OpenSubject): void {
  const subject = useSubject(open);

  describe('ActivityStore.recordAll', () => {
    const record = (projectId: string, id: string) => ({ projectId, id, type: 'form_submission', receivedAt: at(0), result: { id } });

    it('should record the activities with their completion states, events, deliveries and attempts at once', async () => {
      const { storage } = subject();
      const { project, subscription } = await seedProject(storage);
      const event = anEvent(project.id, { key: 'form_preprocess' });
      const delivery = aDelivery(event, subscription, { status: 'succeeded', attemptCount: 1, nextAttemptAt: null });
      const attempt = anAttempt(delivery);
      const user = { projectId: project.id, userId: 'u1', role: 'applicant' as const, parentId: null, registered: true, complete: false, assignments: [] };
      const recorded = await storage.activities.recordAll([record(project.id, 'a'), record(project.id, 'b')], {
        users: [user],
        events: [event],
        deliveries: [delivery],
        attempts: [attempt],
      });
      expect(recorded).toBe(true);
      expect(await storage.deliveries.get(project.id, delivery.id)).toEqual({ delivery, event, attempts: [attempt] });
      expect(await storage.activities.findMany(project.id, ['a', 'b'])).toHaveLength(2);
      expect(await storage.users.load(project.id, ['u1'])).toEqual([user]);
    });

    it("should keep each record's fingerprint, and none for a record without one", async () => {
      const { storage } = subject();
      const { project } = await seedProject(storage);
      const printed = { ...record(project.id, 'printed'), fingerprint: 'f'.repeat(64) };
      expect(await storage.activities.recordAll([printed, record(project.id, 'plain')], { users: [], events: [], deliveries: [], attempts: [] })).toBe(true);
      expect(await storage.activities.find(project.id, 'printed')).toEqual(printed);
      const plain = await storage.activities.find(project.id, 'plain');
      expect(plain).toEqual(record(project.id, 'plain'));
      expect(plain && 'fingerprint' in plain).toBe(false);
      expect((await storage.activities.findMany(project.id, ['printed'])).map((r) => r.fingerprint)).toEqual(['f'.repeat(64)]);
    });

    it('should write nothing at all and answer false when any activity was recorded before', async () => {
      const { storage } = subject();
      const { project, subscription } = await seedProject(storage);
      await storage.activities.insert(record(project.id, 'old'));
      const event = anEvent(project.id);
      const delivery = aDelivery(event, subscription);
      const user = { projectId: project.id, userId: 'u2', role: 'applicant' as const, parentId: null, registered: true, complete: false, assignments: [] };
      const recorded = await storage.activities.recordAll([record(project.id, 'new'), record(project.id, 'old')], {
        users: [user],
        events: [event],
        deliveries: [delivery],
        attempts: [],
      });
      expect(recorded).toBe(false);
      expect(await storage.activities.find(project.id, 'new')).toBeNull();
      expect(await storage.deliveries.get(project.id, delivery.id)).toBeNull();
      expect(await storage.users.load(project.id, ['u2'])).toEqual([]);
      expect(await storage.activities.find(project.id, 'old')).toEqual(record(project.id, 'old'));
    });

    it('should answer false inside a transaction too, which the caller then rolls back, leaving storage usable', async () => {
      const { storage } = subject();
      const { project, subscription } = await seedProject(storage);
      await storage.activities.insert(record(project.id, 'taken'));
      const event = anEvent(project.id);
      const user = { projectId: project.id, userId: 'u3', role: 'applicant' as const, parentId: null, registered: true, complete: false, assignments: [] };
      await expect(
        storage.transaction(async (tx) => {
          await tx.users.lock(project.id, ['u3']);
          const recorded = await tx.activities.recordAll([record(project.id, 'taken')], { users: [user], events: [event], deliveries: [aDelivery(event, subscription)], attempts: [] });
          expect(recorded).toBe(false);
          throw new Error('already recorded');
        }),
      ).rejects.toThrow('already recorded');
      expect(await storage.users.load(project.id, ['u3'])).toEqual([]);
      expect(await storage.activities.recordAll([record(project.id, 'after')], { users: [user], events: [], deliveries: [], attempts: [] })).toBe(true);
      expect(await storage.users.load(project.id, ['u3'])).toEqual([user]);
    });

    it('should keep nothing when the transaction it runs in rolls back', async () => {
      const { storage } = subject();
      const { project, subscription } = await seedProject(storage);
      const event = anEvent(project.id);
      const delivery = aDelivery(event, subscription);
      await expect(
        storage.transaction(async (tx) => {
          await tx.activities.recordAll([record(project.id, 'rolled-back')], { users: [], events: [event], deliveries: [delivery], attempts: [] });
          throw new Error('caller rolls back');
        }),
      ).rejects.toThrow('caller rolls back');
      expect(await storage.activities.find(project.id, 'rolled-back')).toBeNull();
      expect(await storage.deliveries.get(project.id, delivery.id)).toBeNull();
    });

    it('should record large sets (beyond 65,535 cells) whole, and refuse them whole on a repeat', async () => {
      const { storage } = subject();
      const { project, subscription } = await seedProject(storage);
      const events = Array.from({ length: 2_500 }, () => anEvent(project.id));
      const deliveries = events.map((e) => aDelivery(e, subscription, { status: 'suppressed', nextAttemptAt: null, suppressedReason: 'api_origin' }));
      const records = events.map((_, i) => record(project.id, `many-${i}`));
      expect(await storage.activities.recordAll(records, { users: [], events, deliveries, attempts: [] })).toBe(true);
      expect(await storage.deliveries.get(project.id, deliveries[2_499]?.id ?? '')).toMatchObject({ event: events[2_499] });
      const more = Array.from({ length: 2_500 }, () => anEvent(project.id));
      const again = [record(project.id, 'fresh'), ...records.slice(0, 1)];
      const moreDeliveries = more.map((e) => aDelivery(e, subscription, { status: 'suppressed', nextAttemptAt: null, suppressedReason: 'api_origin' }));
      expect(await storage.activities.recordAll(again, { users: [], events: more, deliveries: moreDeliveries, attempts: [] })).toBe(false);
      expect(await storage.activities.find(project.id, 'fresh')).toBeNull();
      expect(await storage.deliveries.get(project.id, moreDeliveries[0]?.id ?? '')).toBeNull();
    });
  });

  describe('text that needs escaping', () => {
    // Batches travel as JSON text (storage-postgres); every value must come back as it went in.
    const tricky = ['"quoted"', 'back\\slash \\" and \\\\', 'line\nbreak\ttab\r', 'é😀\u2028\u00a0', '{"looks":"like json"}', "it's", '[1,2]', 'null', ''];

    it('should keep every string of a recorded batch and of a completion as it was', async () => {
      const { storage, queue } = subject();
      const { project, subscription } = await seedProject(storage);
      const event = anEvent(project.id, { payload: { values: tricky, nested: { [tricky[0]!]: tricky[1]!, n: 1.5, t: true, z: null } } });
      const delivery = aDelivery(event, subscription, { lastError: tricky[2]! });
      const early = anAttempt(delivery, { responseBody: tricky.join('|'), errorMessage: tricky[1]!, attemptedAt: at(7) });
      const user = { projectId: project.id, userId: tricky[4]!, role: 'child' as const, parentId: tricky[0]!, registered: true, complete: false, assignments: [] };
      const record = { projectId: project.id, id: tricky[1]!, type: 'registered', receivedAt: at(1), result: { texts: tricky, nothing: null } };
      expect(await storage.activities.recordAll([record], { users: [user], events: [event], deliveries: [delivery], attempts: [early] })).toBe(true);
      expect(await storage.activities.find(project.id, tricky[1]!)).toEqual(record);
      expect(await storage.users.load(project.id, [tricky[4]!])).toEqual([user]);
      await claimAt(subject(), at(60_000 * 60 * 24 * 365), { limit: 10, leaseMs: 30_000, workerId: 'w"1' });
      const late = anAttempt(delivery, { responseBody: tricky[3]!, errorMessage: null, statusCode: 500, attemptedAt: at(9) });
      await queue.complete('w"1', [{ deliveryId: delivery.id, attempt: late, next: { kind: 'failed' }, lastError: tricky[1]! }]);
      expect(await storage.deliveries.get(project.id, delivery.id)).toEqual({
        delivery: { ...delivery, status: 'failed', attemptCount: 1, nextAttemptAt: null, lastError: tricky[1]!, updatedAt: at(9) },
        event,
        attempts: [early, late],
      });
    });
  });

  describe('DeliveryStore', () => {
    describe('get', () => {
      it('should return the delivery with its event and its attempts, oldest first', async () => {
        const { storage } = subject();
        const { project, subscription } = await seedProject(storage);
        const event = anEvent(project.id, { key: 'form_submitted', payload: { doc: { a: 'x', b: [1, { c: null }] }, unicode: 'é😀', big: 12345678901 } });
        const delivery = aDelivery(event, subscription, { status: 'failed', attemptCount: 3, nextAttemptAt: null, lastError: 'HTTP 500' });
        const attempts = [anAttempt(delivery, { attemptedAt: at(3_000) }), anAttempt(delivery, { attemptedAt: at(1_000) }), anAttempt(delivery, { attemptedAt: at(2_000), statusCode: null, responseBody: null, errorClass: 'timeout' })];
        await storage.deliveries.insertEvents([event]);
        await storage.deliveries.insertDeliveries([delivery]);
        await storage.deliveries.insertAttempts(attempts);
        expect(await storage.deliveries.get(project.id, delivery.id)).toEqual({
          delivery,
          event,
          attempts: [attempts[1], attempts[2], attempts[0]],
        });
      });

      it('should return null for another project or an unknown id', async () => {
        const { storage } = subject();
        const { project, subscription } = await seedProject(storage);
        const [delivery] = await seedDeliveries(storage, subscription, 1);
        expect(await storage.deliveries.get(uid('prj'), delivery!.id)).toBeNull();
        expect(await storage.deliveries.get(project.id, uid('dlv'))).toBeNull();
      });

      it('should keep a suppressed event and its suppressed delivery as given', async () => {
        const { storage } = subject();
        const { project, subscription } = await seedProject(storage);
        const event = anEvent(project.id, { suppressed: 'no_api_admin' });
        const delivery = aDelivery(event, subscription, { status: 'suppressed', nextAttemptAt: null, suppressedReason: 'no_api_admin' });
        await storage.deliveries.insertEvents([event]);
        await storage.deliveries.insertDeliveries([delivery]);
        expect(await storage.deliveries.get(project.id, delivery.id)).toEqual({ delivery, event, attempts: [] });
      });
    });

    describe('list', () => {
      it('should list newest first, ties by id, with cursors that cover everything once', async () => {
        const { storage } = subject();
        const { project, subscription } = await seedProject(storage);
        const deliveries = await seedDeliveries(storage, subscription, 7, (i) => ({ createdAt: at(Math.floor(i / 3) * 1_000) }));
        await seedDeliveries(storage, (await seedProject(storage)).subscription, 2);
        expect(await listAll(storage, project.id, {}, 3)).toEqual(newestFirst(deliveries));
        expect(await listAll(storage, project.id, {}, 100)).toEqual(newestFirst(deliveries));
      });

      it('should filter by subscription, event key and status, alone or together', async () => {
        const { storage } = subject();
        const { project, subscription: a } = await seedProject(storage);
        const b = aSubscription(project.id, { eventKey: 'login_success' });
        await storage.subscriptions.insert(b);
        const ofA = await seedDeliveries(storage, a, 4, (i) => (i % 2 === 0 ? { createdAt: at(i), status: 'failed', nextAttemptAt: null } : { createdAt: at(i) }));
        const eventsB = [anEvent(project.id, { key: 'login_success' }), anEvent(project.id, { key: 'login_success' })];
        const ofB = eventsB.map((e, i) => aDelivery(e, b, { createdAt: at(10 + i), status: i === 0 ? 'failed' : 'succeeded', nextAttemptAt: null }));
        await storage.deliveries.insertEvents(eventsB);
        await storage.deliveries.insertDeliveries(ofB);
        const all = [...ofA, ...ofB];
        expect(await listAll(storage, project.id, { subscriptionId: a.id }, 2)).toEqual(newestFirst(ofA));
        expect(await listAll(storage, project.id, { eventKey: 'login_success' }, 2)).toEqual(newestFirst(ofB));
        expect(await listAll(storage, project.id, { status: 'failed' }, 2)).toEqual(newestFirst(all.filter((d) => d.status === 'failed')));
        expect(await listAll(storage, project.id, { subscriptionId: b.id, status: 'failed' }, 2)).toEqual([ofB[0]]);
        expect(await listAll(storage, project.id, { subscriptionId: a.id, eventKey: 'login_success' }, 2)).toEqual([]);
      });
    });

    describe('requeue', () => {
      it('should start a new round: pending, due at the given time, no attempts, no suppression', async () => {
        const { storage } = subject();
        const { project, subscription } = await seedProject(storage);
        const [failed, suppressed, other] = await seedDeliveries(storage, subscription, 3, (i) =>
          i === 0
            ? { status: 'failed', attemptCount: 8, nextAttemptAt: null, lastError: 'HTTP 500' }
            : i === 1
              ? { status: 'suppressed', nextAttemptAt: null, suppressedReason: 'no_api_admin', attemptCount: 8 }
              : { status: 'succeeded', nextAttemptAt: null, attemptCount: 1 },
        );
        expect(await storage.deliveries.requeue(project.id, [failed!.id, suppressed!.id, uid('dlv')], at(60_000))).toBe(2);
        expect(await storage.deliveries.requeue(uid('prj'), [other!.id], at(60_000))).toBe(0);
        for (const d of [failed!, suppressed!]) {
          const detail = await storage.deliveries.get(project.id, d.id);
          expect(detail?.delivery).toMatchObject({ status: 'pending', attemptCount: 0, nextAttemptAt: at(60_000), suppressedReason: null, resentAt: at(60_000) });
        }
        expect((await storage.deliveries.get(project.id, other!.id))?.delivery.status).toBe('succeeded');
        expect(await claimAt(subject(), at(59_999), { limit: 10, leaseMs: 1_000, workerId: 'w' })).toEqual([]);
        const claimed = await claimAt(subject(), at(60_000), { limit: 10, leaseMs: 1_000, workerId: 'w' });
        expect(claimed.map((c) => c.deliveryId).sort()).toEqual([failed!.id, suppressed!.id].sort());
        expect(claimed.every((c) => c.attemptCount === 0)).toBe(true);
      });

      it("should mark the round as resent at the time: the log's resentAt filter finds exactly the deliveries a resend started, until a later one takes them", async () => {
        const { storage } = subject();
        const { project, subscription } = await seedProject(storage);
        const [a, b, c, untouched] = await seedDeliveries(storage, subscription, 4, (i) => ({ status: 'failed', nextAttemptAt: null, createdAt: at(i) }));
        // Another project's delivery resent at the same time is not the project's.
        const [elsewhere] = await seedDeliveries(storage, (await seedProject(storage)).subscription, 1, () => ({ status: 'failed', nextAttemptAt: null }));
        await storage.deliveries.requeue(elsewhere!.projectId, [elsewhere!.id], at(5_000));
        expect((await storage.deliveries.get(project.id, untouched!.id))?.delivery.resentAt).toBeNull();
        expect(await storage.deliveries.requeue(project.id, [a!.id, b!.id, c!.id], at(5_000))).toBe(3);
        const ofFirst = { resentAt: at(5_000) };
        expect((await listAll(storage, project.id, ofFirst, 2)).map((d) => d.id)).toEqual([c!.id, b!.id, a!.id]);
        expect((await listAll(storage, project.id, ofFirst, 10)).every((d) => d.resentAt?.getTime() === at(5_000).getTime())).toBe(true);
        // A later resend of one: it belongs to that one now.
        await storage.deliveries.requeue(project.id, [b!.id], at(9_000));
        expect((await listAll(storage, project.id, ofFirst, 10)).map((d) => d.id)).toEqual([c!.id, a!.id]);
        expect((await listAll(storage, project.id, { resentAt: at(9_000) }, 10)).map((d) => d.id)).toEqual([b!.id]);
        expect(await listAll(storage, project.id, { resentAt: at(5_001) }, 10)).toEqual([]);
        // The mark stays while the round goes on.
        expect((await storage.deliveries.get(project.id, b!.id))?.delivery.resentAt).toEqual(at(9_000));
      });

      it('should answer 0 for no ids', async () => {
        const { storage } = subject();
        const { project } = await seedProject(storage);
        expect(await storage.deliveries.requeue(project.id, [], at(0))).toBe(0);
      });
    });

    describe('failedSince', () => {
      /** Every failed delivery of a walk, following cursors with pages of `limit`, requeueing each page as it comes when asked. */
      async function walk(storage: Storage, projectId: string, filter: FailedFilter, limit: number, requeue = false): Promise<ResendCandidate[]> {
        const all: ResendCandidate[] = [];
        let cursor: string | undefined;
        for (let pages = 0; pages < 100; pages += 1) {
          const page = await storage.deliveries.failedSince(projectId, filter, { limit, ...(cursor === undefined ? {} : { cursor }) });
          expect(page.items.length).toBeLessThanOrEqual(limit);
          all.push(...page.items);
          if (requeue) await storage.deliveries.requeue(projectId, page.items.map((c) => c.delivery.id), at(99_000));
          if (page.nextCursor === null) return all;
          cursor = page.nextCursor;
        }
        throw new Error('the walk never ended');
      }

      it('should page through the failed deliveries created at or after the time (any time when none is given), newest first, optionally of one subscription', async () => {
        const { storage } = subject();
        const { project, subscription: a } = await seedProject(storage);
        const b = aSubscription(project.id);
        await storage.subscriptions.insert(b);
        const ofA = await seedDeliveries(storage, a, 4, (i) => ({ createdAt: at(i * 1_000), status: i === 2 ? 'succeeded' : 'failed', nextAttemptAt: null }));
        const ofB = await seedDeliveries(storage, b, 1, () => ({ createdAt: at(5_000), status: 'failed', nextAttemptAt: null }));
        await seedDeliveries(storage, (await seedProject(storage)).subscription, 1, () => ({ createdAt: at(5_000), status: 'failed', nextAttemptAt: null }));
        const since = at(1_000);
        const delivered = (found: readonly ResendCandidate[]) => found.map((c) => c.delivery);
        expect(delivered(await walk(storage, project.id, { createdFrom: since }, 2))).toEqual([ofB[0], ofA[3], ofA[1]]);
        expect(delivered(await walk(storage, project.id, { createdFrom: since, subscriptionId: a.id }, 1))).toEqual([ofA[3], ofA[1]]);
        expect(await storage.deliveries.failedSince(project.id, { createdFrom: at(10_000) }, { limit: 10 })).toEqual({ items: [], nextCursor: null });
        // No start: however old.
        expect(delivered(await walk(storage, project.id, {}, 2))).toEqual([ofB[0], ofA[3], ofA[1], ofA[0]]);
        expect(delivered(await walk(storage, project.id, { subscriptionId: a.id }, 10))).toEqual([ofA[3], ofA[1], ofA[0]]);
      });

      it("should apply the log's filters: event, created before, event id, applicant, response class", async () => {
        const { storage } = subject();
        const { project, subscription } = await seedProject(storage);
        const events = [
          anEvent(project.id, { key: 'login_success', payload: { user_info: { id: 'u1', username: 'ada@example.com' } } }),
          anEvent(project.id, { key: 'login_success', payload: { user_info: { id: 'u2', username: 'bob@example.com' } } }),
          anEvent(project.id, { key: 'user_registered', payload: { user_info: { id: 'u1', username: 'ada@example.com' } } }),
        ];
        const failed = { status: 'failed' as const, nextAttemptAt: null };
        const deliveries = events.map((e, i) => aDelivery(e, subscription, { ...failed, eventKey: e.key, createdAt: at(i * 1_000) }));
        await storage.deliveries.insertEvents(events);
        await storage.deliveries.insertDeliveries(deliveries);
        await storage.deliveries.insertAttempts([anAttempt(deliveries[0]!, { statusCode: 404 }), anAttempt(deliveries[1]!, { statusCode: 503 })]);
        const ids = async (filter: FailedFilter) => (await walk(storage, project.id, filter, 10)).map((c) => c.delivery.id);
        const [d0, d1, d2] = deliveries.map((d) => d.id);
        expect(await ids({ createdFrom: T0, eventKey: 'login_success' })).toEqual([d1, d0]);
        expect(await ids({ createdFrom: T0, createdBefore: at(2_000) })).toEqual([d1, d0]);
        expect(await ids({ createdFrom: T0, eventId: events[2]!.id })).toEqual([d2]);
        expect(await ids({ createdFrom: T0, applicant: 'ada@example.com' })).toEqual([d2, d0]);
        expect(await ids({ createdFrom: T0, responseClass: '5xx' })).toEqual([d1]);
        expect(await ids({ createdFrom: at(1_000), applicant: 'u1', eventKey: 'user_registered' })).toEqual([d2]);
      });

      it("should carry the event's suppression with each delivery", async () => {
        const { storage } = subject();
        const { project, subscription } = await seedProject(storage);
        const events = [anEvent(project.id), anEvent(project.id, { suppressed: 'api_origin' })];
        const deliveries = events.map((e) => aDelivery(e, subscription, { status: 'failed', nextAttemptAt: null }));
        await storage.deliveries.insertEvents(events);
        await storage.deliveries.insertDeliveries(deliveries);
        const found = await walk(storage, project.id, { createdFrom: T0 }, 10);
        expect(new Map(found.map((c) => [c.delivery.id, c.eventSuppressed]))).toEqual(
          new Map([
            [deliveries[0]!.id, null],
            [deliveries[1]!.id, 'api_origin'],
          ]),
        );
      });

      it('should keep its place while the deliveries of earlier pages are requeued', async () => {
        const { storage } = subject();
        const { project, subscription } = await seedProject(storage);
        // Ties on createdAt too: the cursor holds the id as well.
        const failed = await seedDeliveries(storage, subscription, 25, (i) => ({ createdAt: at(Math.floor(i / 3)), status: 'failed', nextAttemptAt: null }));
        const seen = await walk(storage, project.id, { createdFrom: T0 }, 4, true);
        expect(seen.map((c) => c.delivery.id).sort()).toEqual(failed.map((d) => d.id).sort());
        expect(await walk(storage, project.id, { createdFrom: T0 }, 4)).toEqual([]);
      });
    });

    describe('counts', () => {
      it("should count the project's deliveries the log's filters match, by status", async () => {
        const { storage } = subject();
        const { project, subscription: a } = await seedProject(storage);
        const b = aSubscription(project.id);
        await storage.subscriptions.insert(b);
        const settled = { nextAttemptAt: null };
        await seedDeliveries(storage, a, 6, (i) =>
          [
            { status: 'succeeded', attemptCount: 1, createdAt: at(1_000), ...settled },
            { status: 'succeeded', attemptCount: 2, createdAt: at(2_000), ...settled },
            { status: 'failed', attemptCount: 8, createdAt: at(3_000), ...settled },
            { status: 'pending', createdAt: at(4_000) },
            { status: 'suppressed', suppressedReason: 'no_api_admin', createdAt: at(5_000), ...settled },
            { status: 'pending', createdAt: at(6_000) },
          ][i] as Partial<Delivery>,
        );
        await seedDeliveries(storage, b, 2, () => ({ status: 'failed', createdAt: at(2_000), nextAttemptAt: null }));
        await seedDeliveries(storage, (await seedProject(storage)).subscription, 3, () => ({ status: 'failed', nextAttemptAt: null }));

        expect(await storage.deliveries.counts(project.id, {})).toEqual({ pending: 2, succeeded: 2, failed: 3, suppressed: 1, total: 8 });
        expect(await storage.deliveries.counts(project.id, { subscriptionId: a.id, createdFrom: at(2_000), createdBefore: at(6_000) })).toEqual({
          pending: 1,
          succeeded: 1,
          failed: 1,
          suppressed: 1,
          total: 4,
        });
        expect(await storage.deliveries.counts(project.id, { status: 'failed' })).toEqual({ pending: 0, succeeded: 0, failed: 3, suppressed: 0, total: 3 });
        expect(await storage.deliveries.counts(uid('prj'), {})).toEqual({ pending: 0, succeeded: 0, failed: 0, suppressed: 0, total: 0 });
      });

      it('should follow the deliveries of one resend (resentAt) as they are sent', async () => {
        const { storage } = subject();
        const { project, subscription } = await seedProject(storage);
        const [first, second, third] = await seedDeliveries(storage, subscription, 3, () => ({ status: 'failed', attemptCount: 8, nextAttemptAt: null }));
        await storage.deliveries.requeue(project.id, [first!.id, second!.id, third!.id], at(60_000));
        const ofResend = { resentAt: at(60_000) };
        expect(await storage.deliveries.counts(project.id, ofResend)).toEqual({ pending: 3, succeeded: 0, failed: 0, suppressed: 0, total: 3 });
        const claimed = await claimAt(subject(), at(60_000), { limit: 10, leaseMs: 10_000, workerId: 'w' });
        expect(claimed).toHaveLength(3);
        await subject().queue.complete('w', [
          { deliveryId: first!.id, next: { kind: 'succeeded' }, attempt: anAttempt(first!, { statusCode: 200, succeeded: true, errorClass: null }), lastError: null },
          { deliveryId: second!.id, next: { kind: 'failed' }, attempt: anAttempt(second!), lastError: 'HTTP 500' },
        ]);
        expect(await storage.deliveries.counts(project.id, ofResend)).toEqual({ pending: 1, succeeded: 1, failed: 1, suppressed: 0, total: 3 });
      });
    });

    describe('eventSuppressions', () => {
      it("should answer each known event's suppression, and leave out unknown ids and other projects' events", async () => {
        const { storage } = subject();
        const { project } = await seedProject(storage);
        const other = (await seedProject(storage)).project;
        const events = [anEvent(project.id), anEvent(project.id, { suppressed: 'api_origin' }), anEvent(other.id)];
        await storage.deliveries.insertEvents(events);
        const found = await storage.deliveries.eventSuppressions(project.id, [...events.map((e) => e.id), 'msg_unknown', events[0]!.id]);
        expect(found).toEqual(
          new Map([
            [events[0]!.id, null],
            [events[1]!.id, 'api_origin'],
          ]),
        );
        expect(await storage.deliveries.eventSuppressions(project.id, [])).toEqual(new Map());
      });
    });

    describe('healthSince', () => {
      it('should count each webhook\'s deliveries since the time by status, and the attempts that failed, ordered by webhook id', async () => {
        const { storage } = subject();
        const { project, subscription: a } = await seedProject(storage);
        const b = aSubscription(project.id);
        const quiet = aSubscription(project.id);
        for (const s of [b, quiet]) await storage.subscriptions.insert(s);
        const since = at(1_000);
        const settled = { nextAttemptAt: null };
        // a: first-time success, success at the 3rd attempt, success at the 2nd, failed after 4, pending after 1, suppressed, and one too old.
        await seedDeliveries(storage, a, 7, (i) =>
          [
            { status: 'succeeded', attemptCount: 1, createdAt: at(1_000), ...settled },
            { status: 'succeeded', attemptCount: 3, createdAt: at(2_000), ...settled },
            { status: 'succeeded', attemptCount: 2, createdAt: at(3_000), ...settled },
            { status: 'failed', attemptCount: 4, createdAt: at(4_000), ...settled },
            { status: 'pending', attemptCount: 1, createdAt: at(5_000) },
            { status: 'suppressed', suppressedReason: 'subscription_disabled', createdAt: at(6_000), ...settled },
            { status: 'failed', attemptCount: 9, createdAt: at(999), ...settled },
          ][i] as Partial<Delivery>,
        );
        await seedDeliveries(storage, b, 2, () => ({ status: 'failed', attemptCount: 1, createdAt: at(2_000), nextAttemptAt: null }));
        await seedDeliveries(storage, quiet, 1, () => ({ status: 'failed', attemptCount: 1, createdAt: at(0), nextAttemptAt: null }));
        // Another project's deliveries are not counted.
        await seedDeliveries(storage, (await seedProject(storage)).subscription, 1, () => ({ status: 'failed', attemptCount: 1, createdAt: at(2_000), nextAttemptAt: null }));

        const health = await storage.deliveries.healthSince(project.id, since);
        const expected = [
          { subscriptionId: a.id, succeeded: 3, failed: 1, pending: 1, failedAttempts: 2 + 1 + 4 + 1, failedBeforeSuccess: 3, succeededAfterRetry: 2 },
          { subscriptionId: b.id, succeeded: 0, failed: 2, pending: 0, failedAttempts: 2, failedBeforeSuccess: 0, succeededAfterRetry: 0 },
        ].sort((x, y) => (x.subscriptionId < y.subscriptionId ? -1 : 1));
        expect(health).toEqual(expected);
        expect(await storage.deliveries.healthSince(project.id, at(10_000))).toEqual([]);
      });
    });

    describe('requeue of many', () => {
      it('should requeue 70,000 ids in one call', async () => {
        const { storage } = subject();
        const { project, subscription } = await seedProject(storage);
        const [one] = await seedDeliveries(storage, subscription, 1, () => ({ status: 'failed', nextAttemptAt: null }));
        // Past the 65,535 parameters a statement may have; unknown ids are simply not counted.
        const ids = [...Array.from({ length: 70_000 }, (_, i) => `dlv_none_${i}`), one!.id];
        expect(await storage.deliveries.requeue(project.id, ids, at(1_000))).toBe(1);
        expect((await storage.deliveries.get(project.id, one!.id))?.delivery.status).toBe('pending');
      });
    });
  });
}
