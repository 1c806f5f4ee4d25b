import type { ActivityRecord } from '../ports/activity-store.port.js';
import type { Admin, Project } from '../model/project.js';
import type { FormContext, FormContextReads } from '../ports/form-context-reads.port.js';
import type { Storage } from '../ports/storage.port.js';
import type { UserState } from '../model/user-state.js';
import { GroupCommit } from './group-commit.js';
import { idsByProject, keyOf } from './once-only-batch.js';
import { SharedReads } from './shared-reads.js';

/** One (project, id) lookup of a grouped read. */
interface Wanted {
  readonly projectId: string;
  readonly id: string;
}

/** Most lookups in one grouped read, and grouped reads running at once. */
const GROUPED = { maxBatch: 512, maxInFlight: 2 } as const;

/**
 * Storage whose hot reads are shared by concurrent requests, never cached (every read starts after
 * the requests it answers arrived):
 *
 * - key lookups (`findByPlatformKeyHash`, `findByApiKeyHash`) are read once per key for everyone
 *   waiting (SharedReads): the platform sends many requests at once with its one key;
 * - lookups of one activity record (`activities.find`) or one user (`users.load` of one id)
 *   arriving together are read in one statement per project (`findMany`, `load`).
 *
 * Everything else, and everything inside `transaction`, goes straight to `storage`.
 */
export function sharedStoreReads(storage: Storage): Storage {
  const keys = new SharedReads<Project | Admin | null>();
  const records = grouped<ActivityRecord>((projectId, ids) => storage.activities.findMany(projectId, ids), (r) => r.id);
  const users = grouped<UserState>((projectId, ids) => storage.users.load(projectId, ids), (u) => u.userId);
  return {
    ...storage,
    transaction: (work) => storage.transaction(work),
    ping: () => storage.ping(),
    projects: {
      ...storage.projects,
      findByPlatformKeyHash: (hash) => keys.read(`pk\0${hash}`, () => storage.projects.findByPlatformKeyHash(hash)) as Promise<Project | null>,
    },
    admins: {
      ...storage.admins,
      findByApiKeyHash: (hash) => keys.read(`ak\0${hash}`, () => storage.admins.findByApiKeyHash(hash)) as Promise<Admin | null>,
    },
    activities: {
      ...storage.activities,
      find: (projectId, id) => records.submit({ projectId, id }),
    },
    users: {
      ...storage.users,
      load: async (projectId, ids) => {
        if (ids.length !== 1) return storage.users.load(projectId, ids);
        const found = await users.submit({ projectId, id: ids[0] as string });
        return found ? [found] : [];
      },
    },
  };
}

/**
 * Form contexts shared by concurrent interactions (SharedReads): one read per (project, form,
 * event keys) for everyone waiting, never cached.
 */
export function sharedFormContexts(reads: FormContextReads): FormContextReads {
  const contexts = new SharedReads<FormContext>();
  return {
    read: (projectId, formId, eventKeys) =>
      contexts.read(`${projectId}\0${formId}\0${[...new Set(eventKeys)].sort().join('\0')}`, () => reads.read(projectId, formId, eventKeys)),
  };
}

/** Lookups by (project, id) arriving together, read with one `readMany` per project. */
function grouped<T>(readMany: (projectId: string, ids: readonly string[]) => Promise<readonly T[]>, idOf: (found: T) => string): GroupCommit<Wanted, T | null> {
  return new GroupCommit<Wanted, T | null>(async (items) => {
    const found = new Map<string, T>();
    await Promise.all(
      [...idsByProject(items)].map(async ([projectId, ids]) => {
        for (const row of await readMany(projectId, ids)) found.set(keyOf(projectId, idOf(row)), row);
      }),
    );
    return items.map(({ projectId, id }) => ({ ok: true as const, value: found.get(keyOf(projectId, id)) ?? null }));
  }, GROUPED);
}
