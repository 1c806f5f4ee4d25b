/* eslint-disable @typescript-eslint/no-explicit-any -- migrations are frozen in time: typed against any schema, never the app's. */
import type { Kysely } from 'kysely';

/** Endpoint health: since when every attempt to a webhook has failed (null: healthy). Existing webhooks start healthy. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('subscriptions').addColumn('failing_since', 'timestamptz').execute();
}

/** Drops the column. */
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('subscriptions').dropColumn('failing_since').execute();
}
