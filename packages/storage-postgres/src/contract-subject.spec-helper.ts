import type { WorkSignal } from '@webhooks/domain';
import { ManualClock, T0 } from '@webhooks/domain/testing';
import type { ContractSubject } from '@webhooks/domain/testing';
import { SqlDeliveryQueue } from './queue/sql-delivery-queue.js';
import type { Kysely } from 'kysely';
import type { Database } from './database.js';
import type { StorageHandle } from './storage-handle.js';
import { SqlLiveEvents } from './live/sql-live-events.js';

/**
 * Empties every table: deleting the projects cascades to everything else. (Faster here than
 * TRUNCATE, which makes and syncs new files for every table and index.)
 */
export async function emptyAll(db: Kysely<Database>): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('deliveries').execute();
    await trx.deleteFrom('projects').execute();
  });
}

/**
 * The storage contract's subject over a handle that lives for the whole test file: every table
 * emptied, a queue whose clock the contract moves by hand (in place of the database's `now()`),
 * a signal of its own (listening from now on, so no wake-up of an earlier test reaches it), and
 * live events of its own. `close` stops the signal and the live events only.
 */
export async function contractSubject(handle: StorageHandle, signal: WorkSignal & { start(): Promise<void>; close(): Promise<void> }): Promise<ContractSubject> {
  await emptyAll(handle.db);
  await signal.start();
  const clock = new ManualClock(T0);
  const live = new SqlLiveEvents(handle.db);
  return {
    storage: handle.storage,
    queue: new SqlDeliveryQueue(handle.db, { clock }),
    signal,
    clock,
    live,
    formContexts: handle.formContexts,
    close: async () => {
      await live.close();
      await signal.close();
    },
  };
}
