import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Database } from '../database.js';
import { migrateToLatest } from '../migrate.js';
import { SqlDeliveryQueue } from '../queue/sql-delivery-queue.js';
import { PgWorkSignal } from '../signal/pg-work-signal.js';
import { SqlStorage } from '../sql-storage.js';
import type { StorageHandle } from '../storage-handle.js';
import { PG_TYPES } from './type-parsers.js';

/** How to reach a Postgres server. */
export interface PostgresOptions {
  readonly databaseUrl: string;
  readonly poolSize?: number | undefined;
  readonly migrate?: boolean | undefined;
}

/** Opens a pool on a Postgres server, migrates (unless told not to) and starts listening for work. */
export async function openPostgres(options: PostgresOptions): Promise<StorageHandle> {
  const pool = new pg.Pool({ connectionString: options.databaseUrl, max: options.poolSize ?? 10, types: PG_TYPES });
  // A connection that breaks (server restart, pg_terminate_backend) emits 'error'. The pool listens
  // on idle ones only; a checked-out one (mid-transaction) would crash the process unheard. The
  // query in flight fails with that error anyway and the pool discards the connection: listen on
  // every connection so the error is the caller's, not the process's.
  pool.on('error', () => undefined);
  pool.on('connect', (client) => {
    client.on('error', () => undefined);
  });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  const signal = new PgWorkSignal(() => new pg.Client({ connectionString: options.databaseUrl, types: PG_TYPES }), db);
  try {
    if (options.migrate !== false) await migrateToLatest(db);
    await signal.start();
  } catch (error) {
    await signal.close();
    await db.destroy();
    throw error;
  }
  return {
    storage: new SqlStorage(db),
    queue: new SqlDeliveryQueue(db),
    signal,
    db,
    kind: 'postgres',
    migrate: async () => void (await migrateToLatest(db)),
    close: async () => {
      await signal.close();
      await db.destroy();
    },
  };
}
