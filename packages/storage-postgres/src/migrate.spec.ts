import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Kysely, PostgresDialect, sql } from 'kysely';
import type { Database } from './database.js';
import { SqlStorage } from './sql-storage.js';
import pg from 'pg';
import { migrateToLatest, migrationStatus } from './migrate.js';
import { expectBrokenMigrationStops, expectNewerSchemaStops, expectStatusUpToDate, tablesOf } from './migration.spec-helper.js';
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
    expect(await migrationStatus(db)).toEqual({ applied: [], pending: Object.keys(MIGRATIONS).sort(), unknown: [] });
    expect(await migrateToLatest(db)).toEqual(Object.keys(MIGRATIONS));
    await expectStatusUpToDate(db);
    const schema = await tablesOf(db);
    expect(schema).toEqual(expect.arrayContaining(['projects', 'deliveries', 'attempts', 'events', 'subscriptions']));
    expect(await migrateToLatest(db)).toEqual([]);
    expect(await tablesOf(db)).toEqual(schema);
  });

  it('should stop at a failing migration with an error that names it, and apply none of it', async () => {
    await expectBrokenMigrationStops(db);
  });

  describe('when a newer build migrated the database', () => {
    it('should stop with an error naming the versions, unless they are allowed', async () => {
      await expectNewerSchemaStops(db);
    });
  });
});

describe('the activity fingerprint migration', () => {
  it('should keep the activities recorded before it, without a fingerprint', async () => {
    const database = await freshDatabase({ requireServer: true });
    const db = new Kysely<unknown>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: database.url, max: 2 }) }) });
    try {
      const before = Object.fromEntries(Object.entries(MIGRATIONS).filter(([name]) => name < '2026-12-03T13-00-activity-fingerprint'));
      await migrateToLatest(db, before);
      await sql`insert into projects values ('prj_old', 'old', 'individual', 'old-hash', now())`.execute(db);
      await sql`insert into activities values ('prj_old', 'act-old', 'registered', now(), '{"activityId":"act-old","events":[]}')`.execute(db);
      expect(await migrateToLatest(db)).toContain('2026-12-03T13-00-activity-fingerprint');
      const storage = new SqlStorage(db as unknown as Kysely<Database>);
      const found = await storage.activities.find('prj_old', 'act-old');
      expect(found).toEqual({ projectId: 'prj_old', id: 'act-old', type: 'registered', receivedAt: expect.any(Date), result: { activityId: 'act-old', events: [] } });
      expect(found && 'fingerprint' in found).toBe(false);
    } finally {
      await db.destroy();
      await database.drop();
    }
  });
});
