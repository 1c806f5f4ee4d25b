import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { migrateToLatest } from './migrate.js';
import { expectBrokenMigrationStops, tablesOf } from './migration.spec-helper.js';
import { MIGRATIONS } from './migrations/migrations.js';
import { freshDatabase, type TestDatabase } from './testing/index.js';

// On Postgres here; pglite.spec.ts runs the same checks on the embedded database.
describe('migrateToLatest', () => {
  let database: TestDatabase;
  let db: Kysely<unknown>;

  beforeAll(async () => {
    database = await freshDatabase({ requireServer: true });
    db = new Kysely({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: database.url, max: 2 }) }) });
  });

  afterAll(async () => {
    await db.destroy();
    await database.drop();
  });

  it('should apply every migration the first time and none the second', async () => {
    expect(await migrateToLatest(db)).toEqual(Object.keys(MIGRATIONS));
    const schema = await tablesOf(db);
    expect(schema).toEqual(expect.arrayContaining(['projects', 'deliveries', 'attempts', 'events', 'subscriptions']));
    expect(await migrateToLatest(db)).toEqual([]);
    expect(await tablesOf(db)).toEqual(schema);
  });

  it('should stop at a failing migration with an error that names it, and apply none of it', async () => {
    await expectBrokenMigrationStops(db);
  });
});
