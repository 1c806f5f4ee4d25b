import { describe, expect, it } from '@jest/globals';
import type { Project } from '../model/project.js';
import type { Subscription } from '../model/subscription.js';
import type { UserState } from '../model/user-state.js';
import type { ActivityRecord, ProducedRecords } from '../ports/activity-store.port.js';
import type { RecordingStorage, RecordingStores } from '../ports/recording-storage.port.js';
import type { Stores } from '../ports/storage.port.js';
import { InMemoryStorage } from '../testing/in-memory-storage.js';
import { T0, aDelivery, anEvent, at, seedProject } from '../testing/storage-contract/fixtures.js';
import type { Recording } from '../ports/activity-recording.port.js';
import { onceOnlyBatch } from './once-only-batch.js';

/** What the test work answers: which id ran, in which of its runs, for which project. */
interface Ran {
  readonly id: string;
  readonly run: number;
  readonly project: string;
}

/** Queues one event named `eventId` with one delivery, as an activity would. */
async function queue(tx: Stores, project: Project, subscription: Subscription, eventId: string): Promise<void> {
  const event = anEvent(project.id, { id: eventId });
  await tx.deliveries.insertEvents([event]);
  await tx.deliveries.insertDeliveries([aDelivery(event, subscription)]);
}

/**
 * A storage with one project and a subscription, and items whose work queues one event and one
 * delivery named `${id}#${run}` (so a run that was not kept shows) and counts its runs per id.
 */
async function setUp() {
  const storage = new InMemoryStorage();
  const { project, subscription } = await seedProject(storage);
  const runs = new Map<string, number>();
  const item = (id: string, fail?: Error): Recording<Ran> => ({
    projectId: project.id,
    id,
    type: 'registered',
    fingerprint: 'fp',
    users: [],
    produce: async (tx: Stores, p: Project) => {
      const run = (runs.get(id) ?? 0) + 1;
      runs.set(id, run);
      if (fail) throw fail;
      await queue(tx, p, subscription, `${id}#${run}`);
      return { id, run, project: p.id };
    },
  });
  /** Event ids of every delivery stored, sorted. */
  const queued = () =>
    storage
      .allDeliveries()
      .map((d) => d.eventId)
      .sort();
  return { storage, project, subscription, runs, item, queued };
}

/** What `observed` saw reach the storage, in and out of transactions. */
interface Seen {
  readonly transactions: number;
  readonly findMany: [string, readonly string[]][];
  readonly projects: string[];
  readonly recordAll: string[][];
  readonly locks: [string, readonly string[]][];
}

/**
 * The storage as is, noting what reaches it (InMemoryStorage's stores are locked proxies, so no
 * jest.spyOn on them). `recordAll` may be replaced: it is given the real one (of the storage or of
 * the transaction) and whether it runs inside a transaction.
 */
function observed(
  real: InMemoryStorage,
  recordAll?: (records: readonly ActivityRecord[], produced: ProducedRecords, inner: RecordingStores['activities']['recordAll'], inTransaction: boolean) => Promise<boolean>,
) {
  const seen: Seen = { transactions: 0, findMany: [], projects: [], recordAll: [], locks: [] };
  const observe = (stores: RecordingStores, inTransaction: boolean): Pick<RecordingStores, 'projects' | 'activities' | 'users'> => ({
    projects: { ...stores.projects, get: (id: string) => (seen.projects.push(id), stores.projects.get(id)) },
    users: { ...stores.users, lock: (projectId: string, ids: readonly string[]) => (seen.locks.push([projectId, ids]), stores.users.lock(projectId, ids)) },
    activities: {
      ...stores.activities,
      findMany: (projectId: string, ids: readonly string[]) => (seen.findMany.push([projectId, ids]), stores.activities.findMany(projectId, ids)),
      recordAll: (records: readonly ActivityRecord[], produced: ProducedRecords) => {
        seen.recordAll.push(records.map((r) => r.id));
        const inner = (rs: readonly ActivityRecord[], p: ProducedRecords) => stores.activities.recordAll(rs, p);
        return recordAll ? recordAll(records, produced, inner, inTransaction) : inner(records, produced);
      },
    },
  });
  const storage: RecordingStorage = Object.assign(Object.create(real) as InMemoryStorage, observe(real, false), {
    transaction: <T>(work: (tx: RecordingStores) => Promise<T>) => {
      (seen as { transactions: number }).transactions += 1;
      return real.transaction((tx) => work({ ...tx, ...observe(tx, true) }));
    },
  });
  return { storage, seen };
}

const fresh = (value: Ran) => ({ ok: true, value: { kind: 'recorded', value } });
const repeat = (value: Ran) => ({ ok: true, value: { kind: 'earlier', value } });

describe('onceOnlyBatch', () => {
  describe('when every item is new', () => {
    it('should run them in order and record them all with what they produced in one step, without a transaction', async () => {
      const { storage: real, project, item, queued } = await setUp();
      const { storage, seen } = observed(real);
      const order: string[] = [];
      const items = ['a', 'b', 'c'].map((id) => {
        const base = item(id);
        return { ...base, produce: (tx: Stores, p: Project) => (order.push(id), base.produce(tx, p)) };
      });
      const results = await onceOnlyBatch(storage, () => at(5), items);
      expect(results).toEqual(['a', 'b', 'c'].map((id) => fresh({ id, run: 1, project: project.id })));
      expect(order).toEqual(['a', 'b', 'c']);
      expect(seen.recordAll).toEqual([['a', 'b', 'c']]);
      expect(seen.transactions).toBe(0);
      expect(seen.findMany).toEqual([[project.id, ['a', 'b', 'c']]]);
      expect(seen.projects).toEqual([project.id]);
      expect(queued()).toEqual(['a#1', 'b#1', 'c#1']);
      expect(await real.activities.find(project.id, 'b')).toEqual({
        projectId: project.id,
        id: 'b',
        type: 'registered',
        receivedAt: at(5),
        result: { id: 'b', run: 1, project: project.id },
        fingerprint: 'fp',
      });
    });

    it('should let an item see the completion states saved by the items before it', async () => {
      const { storage, project } = await setUp();
      const bump = (id: string): Recording<boolean> => ({
        projectId: project.id,
        id,
        type: 'registered',
        fingerprint: 'fp',
        users: [],
        produce: async (tx, p) => {
          const [existing] = await tx.users.load(p.id, ['u1']);
          const next: UserState = { projectId: p.id, userId: 'u1', role: 'applicant', parentId: null, registered: true, complete: existing?.registered ?? false, assignments: [] };
          await tx.users.save([next]);
          return !existing;
        },
      });
      const results = await onceOnlyBatch(storage, () => T0, [bump('first'), bump('second')]);
      expect(results.map((r) => r.ok && r.value.kind === 'recorded' && r.value.value)).toEqual([true, false]);
      expect(await storage.users.load(project.id, ['u1'])).toEqual([expect.objectContaining({ registered: true, complete: true })]);
    });
  });

  describe('when items change users', () => {
    it('should run the batch in one transaction holding the users of its new items, project by project in order', async () => {
      const { storage: real, project, item, queued } = await setUp();
      const { project: other } = await seedProject(real);
      const { project: third } = await seedProject(real);
      await onceOnlyBatch(real, () => T0, [item('done')]);
      const { storage, seen } = observed(real);
      const elsewhere = (projectId: string, id: string, user: string): Recording<Ran> => ({
        projectId,
        id,
        type: 'registered',
        fingerprint: 'fp',
        users: [user],
        produce: async (_tx, p) => ({ id, run: 1, project: p.id }),
      });
      const results = await onceOnlyBatch(storage, () => T0, [
        elsewhere(other.id, 'e', 'v1'),
        { ...item('a'), users: ['u2'] },
        { ...item('done'), users: ['u9'] },
        elsewhere(third.id, 'f', 'w1'),
        item('b'),
        { ...item('c'), users: ['u1'] },
      ]);
      expect(results.map((r) => r.ok && r.value.kind === 'recorded')).toEqual([true, true, false, true, true, true]);
      expect(seen.transactions).toBe(1);
      const expected: [string, string[]][] = [
        [project.id, ['u2', 'u1']],
        [other.id, ['v1']],
        [third.id, ['w1']],
      ];
      expect(seen.locks).toEqual(expected.sort(([x], [y]) => (x < y ? -1 : 1)));
      expect(seen.recordAll).toEqual([['e', 'a', 'f', 'b', 'c']]);
      expect(queued()).toEqual(['a#1', 'b#1', 'c#1', 'done#1']);
    });

    it('should write nothing of the batch when it fails in the transaction', async () => {
      const { storage, project, item, queued } = await setUp();
      const boom = new Error('boom');
      const results = await onceOnlyBatch(storage, () => T0, [{ ...item('a'), users: ['u1'] }, { ...item('bad', boom), users: ['u2'] }]);
      expect(results).toEqual([fresh({ id: 'a', run: 2, project: project.id }), { ok: false, error: boom }]);
      expect(queued()).toEqual(['a#2']);
    });
  });

  describe('when the caller gives the project', () => {
    it('should hand that project to the work without reading it', async () => {
      const { storage: real, project } = await setUp();
      const { storage, seen } = observed(real);
      const given: Project = { ...project, name: 'As the caller read it' };
      const results = await onceOnlyBatch(storage, () => T0, [
        { projectId: project.id, id: 'g', type: 'login', fingerprint: 'g', users: [], project: given, produce: async (_tx, p) => p.name },
        { projectId: project.id, id: 'h', type: 'login', fingerprint: 'h', users: [], produce: async (_tx, p) => p.name },
      ]);
      expect(results).toEqual([
        { ok: true, value: { kind: 'recorded', value: 'As the caller read it' } },
        { ok: true, value: { kind: 'recorded', value: 'Summer camp' } },
      ]);
      expect(seen.projects).toEqual([project.id]);
    });
  });

  describe('when the caller looked for earlier results just before', () => {
    it('should not look again in the first round', async () => {
      const { storage: real, project, item } = await setUp();
      const { storage, seen } = observed(real);
      const results = await onceOnlyBatch(storage, () => T0, [
        { ...item('a'), checkedBefore: true },
        { ...item('b'), checkedBefore: true },
      ]);
      expect(results).toEqual([fresh({ id: 'a', run: 1, project: project.id }), fresh({ id: 'b', run: 1, project: project.id })]);
      expect(seen.findMany).toEqual([]);
    });

    it('should look only for the items not checked', async () => {
      const { storage: real, project, item } = await setUp();
      const { storage, seen } = observed(real);
      await onceOnlyBatch(storage, () => T0, [{ ...item('a'), checkedBefore: true }, item('b')]);
      expect(seen.findMany).toEqual([[project.id, ['b']]]);
    });

    it('should still catch an id recorded since, when recording, and answer its stored result', async () => {
      const { storage: real, project, item, runs, queued } = await setUp();
      const stored: ActivityRecord = { projectId: project.id, id: 'a', type: 'registered', receivedAt: T0, result: { id: 'a', run: 0, project: 'meanwhile' } };
      await real.activities.insert(stored);
      const { storage, seen } = observed(real);
      const results = await onceOnlyBatch(storage, () => at(1), [
        { ...item('a'), checkedBefore: true },
        { ...item('b'), checkedBefore: true },
      ]);
      expect(results).toEqual([repeat({ id: 'a', run: 0, project: 'meanwhile' }), fresh({ id: 'b', run: 2, project: project.id })]);
      expect(seen.recordAll).toEqual([['a', 'b'], ['b']]);
      expect(seen.findMany).toEqual([[project.id, ['a', 'b']]]);
      expect(runs.get('a')).toBe(1);
      expect(queued()).toEqual(['b#2']);
      expect(await real.activities.find(project.id, 'a')).toEqual(stored);
    });
  });

  describe('when an id was recorded earlier', () => {
    it('should answer the stored result, not fresh, without running its work', async () => {
      const { storage: real, project, item, runs, queued } = await setUp();
      const [first] = await onceOnlyBatch(real, () => T0, [item('a')]);
      expect(first).toEqual(fresh({ id: 'a', run: 1, project: project.id }));
      const { storage, seen } = observed(real);
      const results = await onceOnlyBatch(storage, () => at(1), [item('a'), item('b')]);
      expect(results).toEqual([repeat({ id: 'a', run: 1, project: project.id }), fresh({ id: 'b', run: 1, project: project.id })]);
      expect(runs.get('a')).toBe(1);
      expect(seen.recordAll).toEqual([['b']]);
      expect(queued()).toEqual(['a#1', 'b#1']);
      expect((await real.activities.find(project.id, 'a'))?.receivedAt).toEqual(T0);
    });

    it('should record nothing when every id was recorded', async () => {
      const { storage: real, project, item, runs } = await setUp();
      await onceOnlyBatch(real, () => T0, [item('a'), item('b')]);
      const { storage, seen } = observed(real);
      const results = await onceOnlyBatch(storage, () => T0, [
        { ...item('b'), users: ['u1'] },
        item('a'),
        item('b'),
      ]);
      expect(results).toEqual([
        repeat({ id: 'b', run: 1, project: project.id }),
        repeat({ id: 'a', run: 1, project: project.id }),
        repeat({ id: 'b', run: 1, project: project.id }),
      ]);
      expect(seen.recordAll).toEqual([]);
      expect(seen.transactions).toBe(0);
      expect([runs.get('a'), runs.get('b')]).toEqual([1, 1]);
    });
  });

  describe('when the same id comes twice in one batch', () => {
    it('should run its work once and answer the repeat the same, not fresh', async () => {
      const { storage: real, project, item, runs, queued } = await setUp();
      const { storage, seen } = observed(real);
      const results = await onceOnlyBatch(storage, () => T0, [item('a'), item('b'), item('a')]);
      expect(results).toEqual([
        fresh({ id: 'a', run: 1, project: project.id }),
        fresh({ id: 'b', run: 1, project: project.id }),
        repeat({ id: 'a', run: 1, project: project.id }),
      ]);
      expect(runs.get('a')).toBe(1);
      expect(seen.recordAll).toEqual([['a', 'b']]);
      expect(queued()).toEqual(['a#1', 'b#1']);
    });

    it('should keep ids of different projects apart', async () => {
      const { storage, project, item, queued } = await setUp();
      const { project: other, subscription: otherSub } = await seedProject(storage);
      const elsewhere: Recording<Ran> = {
        projectId: other.id,
        id: 'a',
        type: 'registered',
        fingerprint: 'fp',
        users: [],
        produce: async (tx, p) => (await queue(tx, p, otherSub, 'other-a'), { id: 'a', run: 1, project: p.id }),
      };
      const results = await onceOnlyBatch(storage, () => T0, [item('a'), elsewhere]);
      expect(results).toEqual([fresh({ id: 'a', run: 1, project: project.id }), fresh({ id: 'a', run: 1, project: other.id })]);
      expect(queued()).toEqual(['a#1', 'other-a']);
    });
  });

  describe('when an item names an unknown project', () => {
    it('should answer no_project for that item only and record nothing for it', async () => {
      const { storage, project, item, queued } = await setUp();
      const lost: Recording<Ran> = { ...item('x'), projectId: 'prj_missing' };
      const results = await onceOnlyBatch(storage, () => T0, [item('a'), lost, lost, item('b')]);
      expect(results).toEqual([
        fresh({ id: 'a', run: 1, project: project.id }),
        { ok: true, value: { kind: 'no_project' } },
        { ok: true, value: { kind: 'no_project' } },
        fresh({ id: 'b', run: 1, project: project.id }),
      ]);
      expect(await storage.activities.find('prj_missing', 'x')).toBeNull();
      expect(queued()).toEqual(['a#1', 'b#1']);
    });
  });

  describe('when one item of several fails', () => {
    it('should run the items one by one so that only the failing one fails', async () => {
      const { storage: real, project, item, runs, queued } = await setUp();
      const { storage, seen } = observed(real);
      const boom = new Error('boom');
      const results = await onceOnlyBatch(storage, () => T0, [item('a'), item('bad', boom), item('c'), item('a')]);
      expect(results).toEqual([
        fresh({ id: 'a', run: 2, project: project.id }),
        { ok: false, error: boom },
        fresh({ id: 'c', run: 1, project: project.id }),
        repeat({ id: 'a', run: 2, project: project.id }),
      ]);
      expect(results[1]?.ok === false && results[1].error).toBe(boom);
      // The batch failed before recording; then a, bad and c alone; the repeat of a finds a recorded.
      expect(seen.recordAll).toEqual([['a'], ['c']]);
      expect([runs.get('a'), runs.get('bad'), runs.get('c')]).toEqual([2, 2, 1]);
      expect(queued()).toEqual(['a#2', 'c#1']);
      expect(await real.activities.find(project.id, 'bad')).toBeNull();
    });
  });

  describe('when a concurrent writer records one of the ids first', () => {
    /**
     * `recordAll` that loses `raced` to a concurrent writer the first time. Outside a transaction
     * the writer records it just before; inside one (the in-memory storage runs one thing at a
     * time) it records it as soon as the transaction ends, and the statement is told it lost.
     */
    function racing(real: InMemoryStorage, raced: ActivityRecord) {
      let writer: Promise<boolean> | undefined;
      let lost = false;
      const { storage, seen } = observed(real, async (records, produced, inner, inTransaction) => {
        if (!lost) {
          lost = true;
          if (!inTransaction) await real.activities.insert(raced);
          else {
            writer = real.activities.insert(raced);
            return false;
          }
        }
        return inner(records, produced);
      });
      const transaction = storage.transaction.bind(storage);
      const waiting: RecordingStorage = Object.assign(Object.create(storage) as RecordingStorage, {
        transaction: async <T>(work: (tx: RecordingStores) => Promise<T>): Promise<T> => {
          try {
            return await transaction(work);
          } finally {
            await writer;
          }
        },
      });
      return { storage: waiting, seen };
    }

    const raced = (projectId: string, id: string): ActivityRecord => ({ projectId, id, type: 'registered', receivedAt: T0, result: { id, run: 0, project: 'the other writer' } });

    it('should write nothing of the batch and run it again, the raced id answering the stored result', async () => {
      const { storage: real, project, item, runs, queued } = await setUp();
      await onceOnlyBatch(real, () => T0, [item('p')]);
      const { storage, seen } = racing(real, raced(project.id, 'b'));
      const results = await onceOnlyBatch(storage, () => at(9), [item('a'), item('p'), item('b'), item('c')]);
      expect(results).toEqual([
        fresh({ id: 'a', run: 2, project: project.id }),
        repeat({ id: 'p', run: 1, project: project.id }),
        repeat({ id: 'b', run: 0, project: 'the other writer' }),
        fresh({ id: 'c', run: 2, project: project.id }),
      ]);
      expect(seen.recordAll).toEqual([
        ['a', 'b', 'c'],
        ['a', 'c'],
      ]);
      expect([runs.get('a'), runs.get('p'), runs.get('b'), runs.get('c')]).toEqual([2, 1, 1, 2]);
      // Nothing of the first round is kept, nothing of b's work either.
      expect(queued()).toEqual(['a#2', 'c#2', 'p#1']);
      expect(await real.activities.find(project.id, 'b')).toEqual(raced(project.id, 'b'));
      expect((await real.activities.find(project.id, 'a'))?.result).toEqual({ id: 'a', run: 2, project: project.id });
    });

    it('should roll back a batch that changes users and run it again', async () => {
      const { storage: real, project, item, queued } = await setUp();
      const { storage, seen } = racing(real, raced(project.id, 'a'));
      const results = await onceOnlyBatch(storage, () => T0, [
        { ...item('a'), users: ['u1'] },
        { ...item('b'), users: ['u2'] },
      ]);
      expect(results).toEqual([repeat({ id: 'a', run: 0, project: 'the other writer' }), fresh({ id: 'b', run: 2, project: project.id })]);
      expect(seen.transactions).toBe(2);
      expect(seen.locks).toEqual([
        [project.id, ['u1', 'u2']],
        [project.id, ['u2']],
      ]);
      expect(queued()).toEqual(['b#2']);
    });

    it('should answer a lone item that lost the race with the stored result', async () => {
      const { storage: real, project, item, queued } = await setUp();
      const { storage } = racing(real, raced(project.id, 'a'));
      const results = await onceOnlyBatch(storage, () => T0, [item('a')]);
      expect(results).toEqual([repeat({ id: 'a', run: 0, project: 'the other writer' })]);
      expect(queued()).toEqual([]);
    });
  });

  describe('when the ids keep losing races', () => {
    /** Every recordAll finds an id taken, and so writes nothing. */
    const losing = (real: InMemoryStorage) => observed(real, async () => false);

    it('should give up on a lone item after three rounds with an error naming it, recording nothing', async () => {
      const { storage: real, project, item, runs, queued } = await setUp();
      const { storage, seen } = losing(real);
      // A lone item rejects (rather than answering { ok: false }); GroupCommit rejects its caller alike.
      await expect(onceOnlyBatch(storage, () => T0, [item('a')])).rejects.toThrow('activity a kept losing to concurrent requests');
      expect(seen.recordAll).toHaveLength(3);
      expect(runs.get('a')).toBe(3);
      expect(await real.activities.find(project.id, 'a')).toBeNull();
      expect(queued()).toEqual([]);
    });

    it('should fall back to one by one for a batch, each item failing alone', async () => {
      const { storage: real, item, runs } = await setUp();
      const { storage, seen } = losing(real);
      const results = await onceOnlyBatch(storage, () => T0, [item('a'), item('b')]);
      expect(results.map((r) => r.ok === false && (r.error as Error).message)).toEqual([
        'activity a kept losing to concurrent requests',
        'activity b kept losing to concurrent requests',
      ]);
      // Three rounds together, then three rounds for each alone.
      expect(seen.recordAll).toEqual([...Array.from({ length: 3 }, () => ['a', 'b']), ['a'], ['a'], ['a'], ['b'], ['b'], ['b']]);
      expect([runs.get('a'), runs.get('b')]).toEqual([6, 6]);
    });
  });
});
