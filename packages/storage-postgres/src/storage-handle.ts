import type { DeliveryQueue, FormContextReads, LiveEvents, RecordingStorage, WorkSignal } from '@webhooks/domain';
import type { Kysely } from 'kysely';
import type { Database } from './database.js';

/** An open database with the domain's ports over it. */
export interface StorageHandle {
  readonly storage: RecordingStorage;
  readonly queue: DeliveryQueue;
  readonly signal: WorkSignal;
  /** A form's context in one statement (`StoredFormContexts` makes it four reads). */
  readonly formContexts: FormContextReads;
  /** Live listeners' events (`webhooks listen`), between processes. */
  readonly live: LiveEvents;
  readonly db: Kysely<Database>;
  /** `postgres` with a database URL; `pglite` for the embedded database. */
  readonly kind: 'postgres' | 'pglite';
  /** Applies pending migrations (throws `MigrationFailedError` naming the one that failed). */
  migrate(): Promise<void>;
  /** Stops listening, closes the pool (or the embedded database). */
  close(): Promise<void>;
}
