import { PGlite, types } from '@electric-sql/pglite';
import { Kysely } from 'kysely';
import type { Database } from '../database.js';
import { migrateToLatest, prepareSchema } from '../migrate.js';
import type { OnOpenProgress } from '../startup/open-progress.js';
import { SqlDeliveryQueue } from '../queue/sql-delivery-queue.js';
import { SqlLiveEvents } from '../live/sql-live-events.js';
import { PgliteWorkSignal } from '../signal/pglite-work-signal.js';
import { SqlStorage } from '../sql-storage.js';
import { SqlFormContexts } from '../reads/sql-form-contexts.js';
import { translatingErrors } from '../sql/unavailable.js';
import type { StorageHandle } from '../storage-handle.js';
import { PgliteDialect } from './pglite-dialect.js';
import { PgliteSession } from './pglite-session.js';
import { hasDatabase, initDataDir } from './init-data-dir.js';

/** The in-memory data directory of PGlite (nothing written to disk). */
export const IN_MEMORY = 'memory://';

/**
 * Postgres' shared buffers in the embedded database. Postgres' default, 128 MB, is allocated and
 * written at start inside PGlite's WebAssembly memory, which never shrinks: 16 MB holds far more
 * than a development database's working set and saves about 120 MB of RSS (see the README).
 */
const EMBEDDED_SHARED_BUFFERS = '16MB';

/**
 * Starts PGlite in `dataDir` ({@link IN_MEMORY} for none), parsing int8 as pg does here. A
 * directory without a database gets one first, made by a child process (see `initDataDir`).
 */
export async function startPglite(dataDir: string): Promise<PGlite> {
  if (dataDir !== IN_MEMORY && !(await hasDatabase(dataDir))) await initDataDir(dataDir);
  return PGlite.create(dataDir, {
    // int8 as a number even beyond 2^53 (PGlite would give a bigint there), the same as the pg pool.
    parsers: { [types.INT8]: (value: string) => Number(value) },
    startParams: [...PGlite.defaultStartParams, '-c', `shared_buffers=${EMBEDDED_SHARED_BUFFERS}`],
  });
}

/** Options of {@link openPglite}. */
export interface PgliteOptions {
  /** Apply migrations first (default true). */
  readonly migrate?: boolean | undefined;
  /** Close the PGlite instance with the handle (default true). */
  readonly owned?: boolean | undefined;
  /** See `SchemaCheckOptions.allowNewerUpTo`. */
  readonly allowNewerSchemaUpTo?: string | null | undefined;
  /** See `PrepareSchemaOptions.checkSchema`. */
  readonly checkSchema?: boolean | undefined;
  readonly onProgress?: OnOpenProgress | undefined;
}

/** The ports over a running PGlite instance. */
export function openPglite(pglite: PGlite, options: PgliteOptions = {}): Promise<StorageHandle> {
  return openPgliteSession(new PgliteSession(pglite), options);
}

/** The ports over a PGlite session (tests share the session, hence its lock, with more signals). */
export async function openPgliteSession(session: PgliteSession, options: PgliteOptions = {}): Promise<StorageHandle> {
  const pglite = session.pglite;
  const db = new Kysely<Database>({ dialect: new PgliteDialect(session) });
  const signal = new PgliteWorkSignal(session);
  const live = new SqlLiveEvents(db);
  const close = async (): Promise<void> => {
    await live.close();
    await signal.close();
    await db.destroy();
    if (options.owned !== false && !pglite.closed) await pglite.close();
  };
  try {
    await prepareSchema(db, { migrate: options.migrate, checkSchema: options.checkSchema, allowNewerUpTo: options.allowNewerSchemaUpTo, onProgress: options.onProgress });
    await signal.start();
  } catch (error) {
    await close();
    throw error;
  }
  return {
    storage: new SqlStorage(db, (work) => session.withinTransaction(work)),
    queue: new SqlDeliveryQueue(db),
    formContexts: translatingErrors(new SqlFormContexts(db)),
    signal,
    live,
    db,
    kind: 'pglite',
    migrate: async () => void (await migrateToLatest(db, undefined, { allowNewerUpTo: options.allowNewerSchemaUpTo })),
    close,
  };
}
