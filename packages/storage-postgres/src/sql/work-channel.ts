import { sql, type Kysely } from 'kysely';

/** The LISTEN/NOTIFY channel that wakes delivery workers. */
export const WORK_CHANNEL = 'webhooks_work';

/** Sends a notification on the work channel; inside a transaction it is delivered on commit. */
export async function notifyWork<DB>(db: Kysely<DB>): Promise<void> {
  await sql`select pg_notify(${WORK_CHANNEL}, '')`.execute(db);
}
