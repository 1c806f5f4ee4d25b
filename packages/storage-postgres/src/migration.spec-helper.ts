import { expect } from '@jest/globals';
import { sql, type Kysely, type Migration } from 'kysely';
import { migrateToLatest, MigrationFailedError } from './migrate.js';
import { MIGRATIONS } from './migrations/migrations.js';

/** A migration that creates a table, then fails. */
const BROKEN: Migration = {
  up: async (db) => {
    await db.schema.createTable('half_done').addColumn('id', 'text').execute();
    await sql`select * from no_such_table`.execute(db);
  },
};

/** The tables of the database, sorted. */
export const tablesOf = async <DB>(db: Kysely<DB>): Promise<string[]> => (await db.introspection.getTables()).map((t) => t.name).sort();

/** Runs every migration plus a broken one: expects an error naming it, and the schema unchanged. */
export async function expectBrokenMigrationStops<DB>(db: Kysely<DB>): Promise<void> {
  const before = await tablesOf(db);
  const failure = await migrateToLatest(db, { ...MIGRATIONS, '2099-01-01T00-00-broken': BROKEN }).catch((error: unknown) => error);
  expect(failure).toBeInstanceOf(MigrationFailedError);
  expect((failure as MigrationFailedError).migrationName).toBe('2099-01-01T00-00-broken');
  expect((failure as Error).message).toMatch(/^migration "2099-01-01T00-00-broken" failed: .*no_such_table/);
  expect(await tablesOf(db)).toEqual(before);
}
