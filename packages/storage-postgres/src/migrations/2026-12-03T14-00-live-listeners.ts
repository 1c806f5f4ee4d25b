/* eslint-disable @typescript-eslint/no-explicit-any -- migrations are frozen in time: typed against any schema, never the app's. */
import { sql, type Kysely } from 'kysely';

/**
 * Live listeners (`webhooks listen`): the sessions connected to some api process, and the events
 * waiting to be handed to each. Only adds tables, so a build of the previous schema runs beside it.
 */
export async function up(db: Kysely<any>): Promise<void> {
  // A session lives while the process holding it renews `expires_at`; a dead process's sessions lapse.
  await db.schema
    .createTable('listen_sessions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('event_keys', sql`text[]`, (c) => c.notNull())
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .execute();

  // One row per (session, event), taken (deleted) by the process holding the session.
  await db.schema
    .createTable('live_events')
    .addColumn('seq', 'bigserial', (c) => c.primaryKey())
    .addColumn('session_id', 'text', (c) => c.notNull().references('listen_sessions.id').onDelete('cascade'))
    .addColumn('event_id', 'text', (c) => c.notNull())
    .addColumn('event_key', 'text', (c) => c.notNull())
    .addColumn('occurred_at', 'timestamptz', (c) => c.notNull())
    .addColumn('payload', 'jsonb', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('live_events_session_idx').on('live_events').columns(['session_id', 'seq']).execute();
}
