import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Database } from '../database.js';
import { migrateToLatest, prepareSchema } from '../migrate.js';
import type { OnOpenProgress } from '../startup/open-progress.js';
import { waitForPostgres } from '../startup/wait-for-postgres.js';
import { SqlDeliveryQueue } from '../queue/sql-delivery-queue.js';
import { SqlLiveEvents } from '../live/sql-live-events.js';
import { PgWorkSignal } from '../signal/pg-work-signal.js';
import { SqlStorage } from '../sql-storage.js';
import { SqlFormContexts } from '../reads/sql-form-contexts.js';
import { translatingErrors } from '../sql/unavailable.js';
import type { StorageHandle } from '../storage-handle.js';
import { PG_TYPES } from './type-parsers.js';

/**
 * How long Postgres lets a session of the pool sit idle inside a transaction before it ends the
 * session, rolling the transaction back and releasing its locks. The service never waits on
 * anything but Postgres inside a transaction, so only a process cut off from the server (a lost
 * link: its next statement never arrives, and nothing resets the connection) sits there; without
 * this, the rows it had updated stay locked until the server's TCP keepalive gives up (hours), and
 * `claimDue` (SKIP LOCKED) skips them: their leases lapse, yet no other worker can take them over.
 */
const IDLE_IN_TRANSACTION_TIMEOUT_MS = 10_000;

/** How to reach a Postgres server. */
export interface PostgresOptions {
  readonly databaseUrl: string;
  readonly poolSize?: number | undefined;
  readonly migrate?: boolean | undefined;
  /** How long to retry a server that does not answer before giving up (default 0: try once). */
  readonly connectTimeoutMs?: number | undefined;
  /** See `SchemaCheckOptions.allowNewerUpTo`. */
  readonly allowNewerSchemaUpTo?: string | null | undefined;
  /** See `PrepareSchemaOptions.checkSchema`. */
  readonly checkSchema?: boolean | undefined;
  readonly onProgress?: OnOpenProgress | undefined;
  /** See {@link IDLE_IN_TRANSACTION_TIMEOUT_MS} (its default; tests pass less). */
  readonly idleInTransactionTimeoutMs?: number | undefined;
}

/**
 * Waits for the server (up to `connectTimeoutMs`), opens a pool on it, migrates (unless told not
 * to; the schema is checked either way) and starts listening for work.
 */
export async function openPostgres(options: PostgresOptions): Promise<StorageHandle> {
  await waitForPostgres(options.databaseUrl, { timeoutMs: options.connectTimeoutMs ?? 0, onProgress: options.onProgress });
  const pool = new pg.Pool({
    connectionString: options.databaseUrl,
    max: options.poolSize ?? 10,
    types: PG_TYPES,
    idle_in_transaction_session_timeout: options.idleInTransactionTimeoutMs ?? IDLE_IN_TRANSACTION_TIMEOUT_MS,
  });
  // A connection that breaks (server restart, pg_terminate_backend) emits 'error'. The pool listens
  // on idle ones only; a checked-out one (mid-transaction) would crash the process unheard. The
  // query in flight fails with that error anyway and the pool discards the connection: listen on
  // every connection so the error is the caller's, not the process's.
  pool.on('error', () => undefined);
  pool.on('connect', (client) => {
    client.on('error', () => undefined);
  });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  const signal = new PgWorkSignal(() => new pg.Client({ connectionString: options.databaseUrl, types: PG_TYPES }));
  try {
    await prepareSchema(db, { migrate: options.migrate, checkSchema: options.checkSchema, allowNewerUpTo: options.allowNewerSchemaUpTo, onProgress: options.onProgress });
    await signal.start();
  } catch (error) {
    await signal.close();
    await db.destroy();
    throw error;
  }
  const live = new SqlLiveEvents(db);
  return {
    storage: new SqlStorage(db),
    queue: new SqlDeliveryQueue(db),
    formContexts: translatingErrors(new SqlFormContexts(db)),
    signal,
    live,
    db,
    kind: 'postgres',
    migrate: async () => void (await migrateToLatest(db, undefined, { allowNewerUpTo: options.allowNewerSchemaUpTo })),
    close: async () => {
      await live.close();
      await signal.close();
      await db.destroy();
    },
  };
}
