import { lockDataDir } from './pglite/data-dir-lock.js';
import { IN_MEMORY, openPglite, startPglite } from './pglite/open-pglite.js';
import { openPostgres } from './postgres/open-postgres.js';
import type { StorageHandle } from './storage-handle.js';

/** Where the data lives. */
export interface OpenStorageOptions {
  /** A Postgres URL (`postgres://user@host:5432/db`); without one, the embedded database is used. */
  readonly databaseUrl?: string | undefined;
  /** The embedded database's directory (default `./.data`); `memory://` keeps it in memory. */
  readonly dataDir?: string | undefined;
  /** Connections in the Postgres pool (default 10); the embedded database has one session. */
  readonly poolSize?: number | undefined;
  /** Apply pending migrations on open (default true). */
  readonly migrate?: boolean | undefined;
}

/** The default directory of the embedded database. */
export const DEFAULT_DATA_DIR = './.data';

/**
 * Opens storage: Postgres when a `databaseUrl` is given, otherwise an embedded PGlite database
 * kept in `dataDir` (development and demos: one session, no fsync). Migrates unless told not to.
 * The embedded database's directory has one owner: it is locked for this process until `close`
 * (`DataDirInUseError`, naming the holder, when another live process has it).
 */
export async function openStorage(options: OpenStorageOptions = {}): Promise<StorageHandle> {
  if (options.databaseUrl !== undefined && options.databaseUrl !== '') {
    return openPostgres({ databaseUrl: options.databaseUrl, poolSize: options.poolSize, migrate: options.migrate });
  }
  const dataDir = options.dataDir ?? DEFAULT_DATA_DIR;
  if (dataDir === IN_MEMORY) return openPglite(await startPglite(dataDir), { migrate: options.migrate });
  const lock = await lockDataDir(dataDir);
  try {
    const handle = await openPglite(await startPglite(dataDir), { migrate: options.migrate });
    return {
      ...handle,
      close: async () => {
        try {
          await handle.close();
        } finally {
          await lock.release();
        }
      },
    };
  } catch (error) {
    await lock.release();
    throw error;
  }
}
