import { expect } from '@jest/globals';
import { sql, type Kysely, type Migration } from 'kysely';
import { assertSchemaKnown, migrateToLatest, migrationStatus, MigrationFailedError, SchemaNewerError } from './migrate.js';
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

/** A migration of a newer build (this build does not know it); it changes nothing. */
const NEWER = '2999-01-01T00-00-newer';

/**
 * Applies the migrations of a "newer build" (this build's plus one more), then expects this
 * build's `migrateToLatest` and `assertSchemaKnown` to stop with an error naming both versions
 * (not Kysely's "corrupted migrations"), `migrationStatus` to list the stranger, and
 * `allowNewerUpTo` to tolerate it — up to the name given only. Leaves the database as it found it.
 */
export async function expectNewerSchemaStops<DB>(db: Kysely<DB>): Promise<void> {
  await migrateToLatest(db, { ...MIGRATIONS, [NEWER]: { up: async () => undefined } });
  try {
    const latest = Object.keys(MIGRATIONS).sort().at(-1) ?? '';
    const failure = await migrateToLatest(db).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(SchemaNewerError);
    expect((failure as Error).message).not.toMatch(/corrupted/);
    expect((failure as Error).message).toContain(`it has migration ${NEWER}, and this build knows migrations up to ${latest}`);
    expect((failure as Error).message).toContain(`ALLOW_NEWER_SCHEMA=${NEWER}`);
    await expect(assertSchemaKnown(db)).rejects.toBeInstanceOf(SchemaNewerError);
    const status = await migrationStatus(db);
    expect(status.unknown.map((m) => m.name)).toEqual([NEWER]);
    expect(status.pending).toEqual([]);
    expect(await migrateToLatest(db, MIGRATIONS, { allowNewerUpTo: NEWER })).toEqual([]);
    await expect(assertSchemaKnown(db, MIGRATIONS, { allowNewerUpTo: '2998-12-31T00-00-older' })).rejects.toBeInstanceOf(SchemaNewerError);
  } finally {
    await sql`delete from kysely_migration where name = ${NEWER}`.execute(db);
  }
}

/** On a database migrated by this build: every migration applied, with its time; none pending or unknown. */
export async function expectStatusUpToDate<DB>(db: Kysely<DB>): Promise<void> {
  const status = await migrationStatus(db);
  expect(status.applied.map((m) => m.name)).toEqual(Object.keys(MIGRATIONS).sort());
  expect(status.applied.every((m) => m.appliedAt instanceof Date && !Number.isNaN(m.appliedAt.getTime()))).toBe(true);
  expect([status.pending, status.unknown]).toEqual([[], []]);
}
