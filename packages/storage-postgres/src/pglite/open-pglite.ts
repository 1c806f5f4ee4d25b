import { mkdir } from 'node:fs/promises';
import { PGlite, types } from '@electric-sql/pglite';
import { Kysely } from 'kysely';
import type { Database } from '../database.js';
import { migrateToLatest } from '../migrate.js';
import { SqlDeliveryQueue } from '../queue/sql-delivery-queue.js';
import { PgliteWorkSignal } from '../signal/pglite-work-signal.js';
import { SqlStorage } from '../sql-storage.js';
import type { StorageHandle } from '../storage-handle.js';
import { PgliteDialect } from './pglite-dialect.js';
import { PgliteSession } from './pglite-session.js';

/** The in-memory data directory of PGlite (nothing written to disk). */
export const IN_MEMORY = 'memory://';

/** Starts PGlite in `dataDir` (created if missing; {@link IN_MEMORY} for none), parsing int8 as pg does here. */
export async function startPglite(dataDir: string): Promise<PGlite> {
  if (dataDir !== IN_MEMORY) await mkdir(dataDir, { recursive: true });
  // int8 as a number even beyond 2^53 (PGlite would give a bigint there), the same as the pg pool.
  return PGlite.create(dataDir, { parsers: { [types.INT8]: (value: string) => Number(value) } });
}

/** Options of {@link openPglite}. */
export interface PgliteOptions {
  /** Apply migrations first (default true). */
  readonly migrate?: boolean | undefined;
  /** Close the PGlite instance with the handle (default true). */
  readonly owned?: boolean | undefined;
}

/** The ports over a running PGlite instance. */
export function openPglite(pglite: PGlite, options: PgliteOptions = {}): Promise<StorageHandle> {
  return openPgliteSession(new PgliteSession(pglite), options);
}

/** The ports over a PGlite session (tests share the session, hence its lock, with more signals). */
export async function openPgliteSession(session: PgliteSession, options: PgliteOptions = {}): Promise<StorageHandle> {
  const pglite = session.pglite;
  const db = new Kysely<Database>({ dialect: new PgliteDialect(session) });
  const signal = new PgliteWorkSignal(session, db);
  const close = async (): Promise<void> => {
    await signal.close();
    await db.destroy();
    if (options.owned !== false && !pglite.closed) await pglite.close();
  };
  try {
    if (options.migrate !== false) await migrateToLatest(db);
    await signal.start();
  } catch (error) {
    await close();
    throw error;
  }
  return {
    storage: new SqlStorage(db, (work) => session.withinTransaction(work)),
    queue: new SqlDeliveryQueue(db),
    signal,
    db,
    kind: 'pglite',
    migrate: async () => void (await migrateToLatest(db)),
    close,
  };
}
