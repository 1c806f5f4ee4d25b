/* eslint-disable @typescript-eslint/no-explicit-any -- migrations are frozen in time: typed against any schema, never the app's. */
import type { Kysely } from 'kysely';

/**
 * Each recorded activity (or interaction) keeps the fingerprint of its request, so a repeat of its
 * id with another body can be refused. Rows recorded before have none (null) and answer any repeat
 * as they did.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('activities').addColumn('fingerprint', 'text').execute();
}

/** Drops the column. */
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('activities').dropColumn('fingerprint').execute();
}
