import { lockDataDir } from './pglite/data-dir-lock.js';
import { IN_MEMORY, openPglite, startPglite } from './pglite/open-pglite.js';
import { hasDatabase } from './pglite/init-data-dir.js';
import { openPostgres } from './postgres/open-postgres.js';
import type { OnOpenProgress } from './startup/open-progress.js';
import type { StorageHandle } from './storage-handle.js';

/** Where the data lives. */
export interface OpenStorageOptions {
  /** A Postgres URL (`postgres://user@host:5432/db`); without one, the embedded database is used. */
  readonly databaseUrl?: string | undefined;
  /** The embedded database's directory (default `./.data`); `memory://` keeps it in memory. */
  readonly dataDir?: string | undefined;
  /** Connections in the Postgres pool (default 10); the embedded database has one session. */
  readonly poolSize?: number | undefined;
  /** Apply pending migrations on open (default true). Either way, a schema newer than this build stops it. */
  readonly migrate?: boolean | undefined;
  /** How long to retry a Postgres server that does not answer (default 0: try once). */
  readonly connectTimeoutMs?: number | undefined;
  /** Without migrating, still refuse a schema newer than this build (default true). */
  readonly checkSchema?: boolean | undefined;
  /** Tolerate migrations of a newer build named up to this one (`ALLOW_NEWER_SCHEMA`). */
  readonly allowNewerSchemaUpTo?: string | null | undefined;
  /** Told what opening is doing: waiting for Postgres, creating the embedded database, migrating. */
  readonly onProgress?: OnOpenProgress | undefined;
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
  const schema = { migrate: options.migrate, checkSchema: options.checkSchema, allowNewerSchemaUpTo: options.allowNewerSchemaUpTo, onProgress: options.onProgress };
  if (options.databaseUrl !== undefined && options.databaseUrl !== '') {
    return openPostgres({ databaseUrl: options.databaseUrl, poolSize: options.poolSize, connectTimeoutMs: options.connectTimeoutMs, ...schema });
  }
  const dataDir = options.dataDir ?? DEFAULT_DATA_DIR;
  const open = async (): Promise<StorageHandle> => {
    const started = Date.now();
    options.onProgress?.({ step: 'embedded-starting', dataDir, fresh: dataDir === IN_MEMORY || !(await hasDatabase(dataDir)) });
    const pglite = await startPglite(dataDir);
    options.onProgress?.({ step: 'embedded-ready', dataDir, ms: Date.now() - started });
    return openPglite(pglite, schema);
  };
  if (dataDir === IN_MEMORY) return open();
  const lock = await lockDataDir(dataDir);
  try {
    const handle = await open();
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
