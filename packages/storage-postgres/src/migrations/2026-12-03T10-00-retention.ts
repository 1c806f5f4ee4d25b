/* eslint-disable @typescript-eslint/no-explicit-any -- migrations are frozen in time: typed against any schema, never the app's. */
import type { Kysely } from 'kysely';
import { sql } from 'kysely';

/** Retention of every kind: failed and suppressed deliveries by age, activity records by when received. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('deliveries_failed_idx').on('deliveries').column('updated_at').where(sql.ref('status'), '=', 'failed').execute();
  await db.schema.createIndex('deliveries_suppressed_idx').on('deliveries').column('updated_at').where(sql.ref('status'), '=', 'suppressed').execute();
  await db.schema.createIndex('activities_received_idx').on('activities').column('received_at').execute();
}

/** Drops the retention indexes. */
export async function down(db: Kysely<any>): Promise<void> {
  for (const index of ['activities_received_idx', 'deliveries_suppressed_idx', 'deliveries_failed_idx']) await db.schema.dropIndex(index).execute();
}
