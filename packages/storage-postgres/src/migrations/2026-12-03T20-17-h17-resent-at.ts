/* eslint-disable @typescript-eslint/no-explicit-any -- migrations are frozen in time: typed against any schema, never the app's. */
import { sql, type Kysely } from 'kysely';

/**
 * When a resend started a delivery's current round: `resent_at` (null until one does; the
 * deliveries a bulk resend queues share its time), and a partial index on (project, resent_at) so
 * the log's `resentAt` filter and the counts that follow a bulk resend read only the resent rows.
 * Expand-only: a nullable column without a default (no rewrite) and an index.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('deliveries').addColumn('resent_at', 'timestamptz').execute();
  await sql`create index deliveries_resent_idx on deliveries (project_id, resent_at) where resent_at is not null`.execute(db);
}

/** Drops the index and the column. */
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('deliveries_resent_idx').execute();
  await db.schema.alterTable('deliveries').dropColumn('resent_at').execute();
}
