/* eslint-disable @typescript-eslint/no-explicit-any -- migrations are frozen in time: typed against any schema, never the app's. */
import { sql, type Kysely } from 'kysely';

/**
 * The log's search by applicant: a GIN index (jsonb_path_ops: containment only) on the events'
 * `payload->'user_info'`, so `@>` on a user id or username finds the project's matching events
 * without reading them all. Expand-only: an index, nothing else changes.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create index events_user_info_idx on events using gin ((payload -> 'user_info') jsonb_path_ops)`.execute(db);
}

/** Drops the index. */
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('events_user_info_idx').execute();
}
