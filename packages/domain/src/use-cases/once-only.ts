import type { Json } from '../model/json.js';
import type { Project } from '../model/project.js';
import type { Storage, Stores } from '../ports/stores.port.js';

/** The result of work done at most once per (project, id). */
export type OnceOnly<T> =
  | { readonly kind: 'ok'; readonly value: T; readonly fresh: boolean }
  | { readonly kind: 'no_project' };

/** Thrown inside the transaction when another request recorded the same id first; never escapes. */
class AlreadyRecorded extends Error {}

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
  const prior = await storage.activities.find(projectId, id);
  if (prior) return { kind: 'ok', value: prior.result as T, fresh: false };
  try {
    return await storage.transaction(async (tx): Promise<OnceOnly<T>> => {
      const project = await tx.projects.get(projectId);
      if (!project) return { kind: 'no_project' };
      const value = await work(tx, project);
      const inserted = await tx.activities.insert({ projectId, id, type, receivedAt, result: JSON.parse(JSON.stringify(value)) as Json });
      if (!inserted) throw new AlreadyRecorded();
      return { kind: 'ok', value, fresh: true };
    });
  } catch (error) {
    if (!(error instanceof AlreadyRecorded)) throw error;
    const winner = await storage.activities.find(projectId, id);
    if (!winner) throw new Error(`activity ${id} was recorded and then vanished`, { cause: error });
    return { kind: 'ok', value: winner.result as T, fresh: false };
  }
}
