import type { Json } from '../model/json.js';
import type { Project } from '../model/project.js';
import type { ActivityRecord, Storage, Stores } from '../ports/stores.port.js';
import type { Clock } from '../ports/clock.port.js';
import type { WorkSignal } from '../ports/delivery-queue.port.js';
import type { LiveEvents } from '../ports/live-events.port.js';
import type { WebhookEvent } from '../model/event.js';
import { BatchStores } from './batch-stores.js';
import type { GroupCommitOptions, Settled } from './group-commit.js';
import { DEFAULT_BATCHING, GroupCommit } from './group-commit.js';
import { wakeWorkers } from './wake-workers.js';

/** The result of work done at most once per (project, id). */
export type OnceOnly<T> =
  | { readonly kind: 'ok'; readonly value: T; readonly fresh: boolean }
  | { readonly kind: 'no_project' }
  /** The id was recorded (or is being run in this batch) for a request with another fingerprint. */
  | { readonly kind: 'id_reused' };

/** Work to do at most once per (projectId, id), remembering its result under that id. */
export interface OnceOnlyItem<T> {
  readonly projectId: string;
  readonly id: string;
  readonly type: string;
  readonly work: (tx: Stores, project: Project) => Promise<T>;
  /**
   * The request's fingerprint, recorded with the result: an earlier record of the id with another
   * fingerprint answers `id_reused` (a record without one — kept from before — answers as usual).
   */
  readonly fingerprint?: string;
  /** The project, when the caller has just read it (saves reading it again in the transaction). */
  readonly project?: Project;
  /**
   * The caller looked for an earlier result just before: the first round does not look again (a
   * concurrent request recording the id meanwhile is still caught, by the insert).
   */
  readonly checkedBefore?: boolean;
  /**
   * Users whose completion state the work reads and changes: a batch with any runs in a
   * transaction holding them (ActivityStore users.lock), so concurrent changes to one user never
   * interleave, in this process or another.
   */
  readonly changesUsers?: readonly string[];
}

/** Thrown when another request recorded one of the ids first (nothing was written); never escapes. */
class AlreadyRecorded extends Error {}

/** Rounds of a batch that lost a race before its items are run one by one. */
const MAX_ROUNDS = 3;

export const keyOf = (projectId: string, id: string): string => `${projectId}\0${id}`;

/**
 * Runs `work` and records its result under (projectId, id) in one transaction. If the id was
 * recorded before — even by a concurrent request — the stored result is returned instead and
 * nothing of `work` is kept.
 */
export async function onceOnly<T>(
  storage: Storage,
  projectId: string,
  id: string,
  type: string,
  receivedAt: Date,
  work: (tx: Stores, project: Project) => Promise<T>,
): Promise<OnceOnly<T>> {
  const [settled] = await onceOnlyBatch(storage, () => receivedAt, [{ projectId, id, type, work }]);
  if (!settled) throw new Error('a batch of one returned nothing');
  if (!settled.ok) throw settled.error;
  return settled.value;
}

/** What a group commit does once a batch is committed, from the fresh results. */
export interface AfterCommit<T> {
  /** Whether the work behind a result queued deliveries (then the workers are woken, once per batch). */
  readonly queuedDeliveries: (value: T) => boolean;
  /** The events a result's work built, for live listeners (see RecordedEvents.live). */
  readonly liveEvents?: (value: T) => readonly WebhookEvent[];
}

/**
 * A group commit of once-only work (ReportActivity, FormInteractions): concurrent items go
 * through `onceOnlyBatch` together; once a batch is committed, the workers are woken if any fresh
 * result queued deliveries, and the events the fresh results built are offered to live listeners
 * (`deps.live`), both once per batch. Repeats (not fresh) do neither.
 */
export function onceOnlyGroupCommit<T>(
  deps: { readonly storage: Storage; readonly clock: Clock; readonly signal: WorkSignal; readonly live?: LiveEvents | undefined; readonly batching?: GroupCommitOptions },
  after: AfterCommit<T>,
): GroupCommit<OnceOnlyItem<T>, OnceOnly<T>> {
  return new GroupCommit(async (items) => {
    const results = await onceOnlyBatch(deps.storage, () => deps.clock.now(), items);
    const fresh = results.flatMap((r) => (r.ok && r.value.kind === 'ok' && r.value.fresh ? [r.value.value] : []));
    if (fresh.some(after.queuedDeliveries)) await wakeWorkers(deps.signal);
    const live = deps.live && after.liveEvents ? fresh.flatMap(after.liveEvents) : [];
    if (deps.live && live.length > 0) await deps.live.publish(live);
    return results;
  }, deps.batching ?? DEFAULT_BATCHING);
}

/**
 * `onceOnly` for many items at once: one lookup of earlier results per project, the
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
  storage: Storage,
  now: () => Date,
  items: readonly OnceOnlyItem<T>[],
): Promise<Settled<OnceOnly<T>>[]> {
  const results: (Settled<OnceOnly<T>> | undefined)[] = items.map(() => undefined);
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
        if (leader !== i && outcome.kind === 'ok' && !sameRequest(items[leader as number]?.fingerprint, item.fingerprint)) {
          results[i] = { ok: true, value: { kind: 'id_reused' } };
          return;
        }
        results[i] = { ok: true, value: leader === i || outcome.kind !== 'ok' ? outcome : { ...outcome, fresh: false } };
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
  storage: Storage,
  items: readonly OnceOnlyItem<T>[],
  results: (Settled<OnceOnly<T>> | undefined)[],
  firstRound: boolean,
): Promise<void> {
  const found = await findRecords(
    storage,
    items.filter((item, i) => results[i] === undefined && !(firstRound && item.checkedBefore)),
  );
  items.forEach((item, i) => {
    const prior = results[i] === undefined ? found.get(keyOf(item.projectId, item.id)) : undefined;
    if (prior) results[i] = { ok: true, value: priorOutcome<T>(prior, item.fingerprint) };
  });
}

/** The ids of `items` by project, each id once, in order: one lookup per project. */
export function idsByProject(items: readonly { readonly projectId: string; readonly id: string }[]): ReadonlyMap<string, readonly string[]> {
  const byProject = new Map<string, Set<string>>();
  for (const { projectId, id } of items) byProject.set(projectId, (byProject.get(projectId) ?? new Set()).add(id));
  return new Map([...byProject].map(([projectId, ids]) => [projectId, [...ids]]));
}

/**
 * What an earlier record of the id answers a request: its result — unless both carry a fingerprint
 * and they differ (the id was used for another request).
 */
export function priorOutcome<T>(prior: ActivityRecord, fingerprint: string | undefined): OnceOnly<T> {
  if (!sameRequest(prior.fingerprint, fingerprint)) return { kind: 'id_reused' };
  return { kind: 'ok', value: prior.result as T, fresh: false };
}

/** Two requests of one id are the same unless both have a fingerprint and they differ. */
function sameRequest(a: string | undefined, b: string | undefined): boolean {
  return a === undefined || b === undefined || a === b;
}

/** The stored records of these (projectId, id) pairs, keyed by `keyOf`: one `findMany` per project. */
export async function findRecords(
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
  storage: Storage,
  receivedAt: Date,
  items: readonly OnceOnlyItem<T>[],
  leaders: readonly number[],
): Promise<Map<number, OnceOnly<T>>> {
  const locks = new Map<string, string[]>();
  for (const i of leaders) {
    const item = items[i] as OnceOnlyItem<T>;
    if (item.changesUsers?.length) locks.set(item.projectId, [...(locks.get(item.projectId) ?? []), ...item.changesUsers]);
  }
  if (locks.size === 0) return runOn(storage, receivedAt, items, leaders);
  return storage.transaction(async (tx) => {
    for (const [projectId, users] of [...locks].sort(([a], [b]) => (a < b ? -1 : 1))) await tx.users.lock(projectId, users);
    return runOn(tx, receivedAt, items, leaders);
  });
}

async function runOn<T>(
  storage: Stores,
  receivedAt: Date,
  items: readonly OnceOnlyItem<T>[],
  leaders: readonly number[],
): Promise<Map<number, OnceOnly<T>>> {
  const batch = new BatchStores(storage);
  const outcomes = new Map<number, OnceOnly<T>>();
  const records: ActivityRecord[] = [];
  for (const i of leaders) {
    const item = items[i] as OnceOnlyItem<T>;
    const project = item.project ?? (await batch.projects.get(item.projectId));
    if (!project) {
      outcomes.set(i, { kind: 'no_project' });
      continue;
    }
    const value = await item.work(batch, project);
    records.push({
      projectId: item.projectId,
      id: item.id,
      type: item.type,
      receivedAt,
      result: JSON.parse(JSON.stringify(value)) as Json,
      ...(item.fingerprint === undefined ? {} : { fingerprint: item.fingerprint }),
    });
    outcomes.set(i, { kind: 'ok', value, fresh: true });
  }
  if (!(await storage.activities.recordAll(records, batch.takeProduced()))) throw new AlreadyRecorded();
  return outcomes;
}
