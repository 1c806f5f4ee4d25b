import type { Json } from '../model/json.js';
import type { ActivityRecord } from '../ports/activity-store.port.js';
import type { Stores } from '../ports/storage.port.js';
import type { RecordingStorage, RecordingStores } from '../ports/recording-storage.port.js';
import type { Recorded, Recording } from '../ports/activity-recording.port.js';
import { earlierAnswer, sameRequest } from '../input/earlier-answer.js';
import { BatchStores } from './batch-stores.js';
import type { Settled } from './group-commit.js';

/** Thrown when another request recorded one of the ids first (nothing was written); never escapes. */
class AlreadyRecorded extends Error {}

/** Rounds of a batch that lost a race before its items are run one by one. */
const MAX_ROUNDS = 3;

export const keyOf = (projectId: string, id: string): string => `${projectId}\0${id}`;

/**
 * Runs each item's `work` and records its result under (projectId, id), at most once per id, for
 * many items at once: one lookup of earlier results per project, the
 * configuration read once (BatchStores), and everything written in one atomic step
 * (ActivityStore.recordAll: one statement in Postgres, no transaction round trips). Items are
 * run in order, so two activities of one user in a batch see each other as they would in turn.
 *
 * - An id repeated inside the batch runs once; the repeats answer its result (not fresh).
 * - If a concurrent request recorded one of the ids first, nothing of the batch is written and it
 *   runs again: that id now answers the stored result, the others run afresh.
 * - If the batch fails otherwise, each item runs alone, so one bad item fails only itself.
 */
export async function onceOnlyBatch<T>(
  storage: RecordingStorage,
  now: () => Date,
  items: readonly Recording<T>[],
): Promise<Settled<Recorded<T>>[]> {
  const results: (Settled<Recorded<T>> | undefined)[] = items.map(() => undefined);
  for (let round = 0; round < MAX_ROUNDS; round += 1) {
    await answerPriors(storage, items, results, round === 0);
    const leaders = new Map<string, number>();
    items.forEach((item, i) => {
      const key = keyOf(item.projectId, item.id);
      if (results[i] === undefined && !leaders.has(key)) leaders.set(key, i);
    });
    if (leaders.size === 0) break;
    try {
      const outcomes = await runTogether(storage, now(), items, [...leaders.values()]);
      items.forEach((item, i) => {
        if (results[i] !== undefined) return;
        const leader = leaders.get(keyOf(item.projectId, item.id));
        const outcome = leader === undefined ? undefined : outcomes.get(leader);
        if (outcome === undefined) return;
        if (leader !== i && outcome.kind === 'recorded' && !sameRequest(items[leader as number]?.fingerprint, item.fingerprint)) {
          results[i] = { ok: true, value: { kind: 'id_reused' } };
          return;
        }
        results[i] = { ok: true, value: leader === i || outcome.kind !== 'recorded' ? outcome : { kind: 'earlier', value: outcome.value } };
      });
      break;
    } catch (error) {
      if (error instanceof AlreadyRecorded && round < MAX_ROUNDS - 1) continue;
      if (items.length === 1 && !(error instanceof AlreadyRecorded)) return [{ ok: false, error }];
      if (items.length === 1) throw new Error(`activity ${items[0]?.id} kept losing to concurrent requests`, { cause: error });
      // Run the remaining items one by one: only an item that fails by itself fails.
      for (const [i, item] of items.entries()) {
        if (results[i] === undefined) {
          const [alone] = await onceOnlyBatch(storage, now, [item]).catch((e: unknown) => [{ ok: false as const, error: e }]);
          results[i] = alone;
        }
      }
      break;
    }
  }
  return results.map((r) => r ?? { ok: false, error: new Error('no outcome for a batch item') });
}

/** Fills in the items whose id was recorded before. */
async function answerPriors<T>(
  storage: RecordingStorage,
  items: readonly Recording<T>[],
  results: (Settled<Recorded<T>> | undefined)[],
  firstRound: boolean,
): Promise<void> {
  const found = await findRecords(
    storage,
    items.filter((item, i) => results[i] === undefined && !(firstRound && item.checkedBefore)),
  );
  items.forEach((item, i) => {
    const prior = results[i] === undefined ? found.get(keyOf(item.projectId, item.id)) : undefined;
    if (prior) results[i] = { ok: true, value: earlierAnswer<T>(prior, item.fingerprint) };
  });
}

/** The ids of `items` by project, each id once, in order: one lookup per project. */
export function idsByProject(items: readonly { readonly projectId: string; readonly id: string }[]): ReadonlyMap<string, readonly string[]> {
  const byProject = new Map<string, Set<string>>();
  for (const { projectId, id } of items) byProject.set(projectId, (byProject.get(projectId) ?? new Set()).add(id));
  return new Map([...byProject].map(([projectId, ids]) => [projectId, [...ids]]));
}

/** The stored records of these (projectId, id) pairs, keyed by `keyOf`: one `findMany` per project. */
async function findRecords(
  storage: Stores,
  wanted: readonly { readonly projectId: string; readonly id: string }[],
): Promise<ReadonlyMap<string, ActivityRecord>> {
  const lists = await Promise.all([...idsByProject(wanted)].map(([projectId, ids]) => storage.activities.findMany(projectId, ids)));
  return new Map(lists.flat().map((record) => [keyOf(record.projectId, record.id), record]));
}

/**
 * Runs the leaders in order on BatchStores (reads shared, writes gathered), then writes every
 * record and everything produced in one atomic step; throws AlreadyRecorded if any id was taken
 * meanwhile (nothing is then written). Without a transaction, unless an item changes users: then
 * in one that holds them first.
 */
async function runTogether<T>(
  storage: RecordingStorage,
  receivedAt: Date,
  items: readonly Recording<T>[],
  leaders: readonly number[],
): Promise<Map<number, Recorded<T>>> {
  const locks = new Map<string, string[]>();
  for (const i of leaders) {
    const item = items[i] as Recording<T>;
    if (item.users.length > 0) locks.set(item.projectId, [...(locks.get(item.projectId) ?? []), ...item.users]);
  }
  if (locks.size === 0) return runOn(storage, receivedAt, items, leaders);
  return storage.transaction(async (tx) => {
    for (const [projectId, users] of [...locks].sort(([a], [b]) => (a < b ? -1 : 1))) await tx.users.lock(projectId, users);
    return runOn(tx, receivedAt, items, leaders);
  });
}

async function runOn<T>(
  storage: RecordingStores,
  receivedAt: Date,
  items: readonly Recording<T>[],
  leaders: readonly number[],
): Promise<Map<number, Recorded<T>>> {
  const batch = new BatchStores(storage);
  const outcomes = new Map<number, Recorded<T>>();
  const records: ActivityRecord[] = [];
  for (const i of leaders) {
    const item = items[i] as Recording<T>;
    const project = item.project ?? (await batch.projects.get(item.projectId));
    if (!project) {
      outcomes.set(i, { kind: 'no_project' });
      continue;
    }
    const value = await item.produce(batch, project);
    records.push({
      projectId: item.projectId,
      id: item.id,
      type: item.type,
      receivedAt,
      result: JSON.parse(JSON.stringify(value)) as Json,
      fingerprint: item.fingerprint,
    });
    outcomes.set(i, { kind: 'recorded', value });
  }
  if (!(await storage.activities.recordAll(records, batch.takeProduced()))) throw new AlreadyRecorded();
  return outcomes;
}
