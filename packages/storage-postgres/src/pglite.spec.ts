import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { sql } from 'kysely';
import { claimPlan, seedQueue } from './claim-plan.spec-helper.js';
import { migrateToLatest } from './migrate.js';
import { expectBrokenMigrationStops, expectNewerSchemaStops, expectStatusUpToDate } from './migration.spec-helper.js';
import { IN_MEMORY, openPgliteSession, startPglite } from './pglite/open-pglite.js';
import { PgliteSession } from './pglite/pglite-session.js';
import { PgliteWorkSignal } from './signal/pglite-work-signal.js';
import type { StorageHandle } from './storage-handle.js';
import { describeStorageContract } from './storage-contract.spec-helper.js';
import { contractSubject, emptyAll } from './contract-subject.spec-helper.js';

let handle: StorageHandle;
let session: PgliteSession;

beforeAll(async () => {
  session = new PgliteSession(await startPglite(IN_MEMORY));
  handle = await openPgliteSession(session);
});

afterAll(async () => {
  await handle.close();
});

describeStorageContract('PGlite', () => contractSubject(handle, new PgliteWorkSignal(session)));

describe('the PGlite adapter', () => {
  it('should be a pglite handle that answers ping', async () => {
    expect(handle.kind).toBe('pglite');
    expect(await handle.storage.ping()).toBe(true);
  });

  describe('migrations', () => {
    it('should apply none a second time', async () => {
      expect(await migrateToLatest(handle.db)).toEqual([]);
      await expectStatusUpToDate(handle.db);
    });

    it('should stop on a schema a newer build migrated, naming the versions, unless they are allowed', async () => {
      await expectNewerSchemaStops(handle.db);
    });

    it('should stop at a failing migration with an error that names it, and apply none of it', async () => {
      await expectBrokenMigrationStops(handle.db);
    });
  });

  describe('the dialect', () => {
    it('should roll back to a savepoint and commit the rest', async () => {
      await emptyAll(handle.db);
      const trx = await handle.db.startTransaction().execute();
      await sql`insert into projects values ('prj_a', 'a', 'individual', 'hash-a', now())`.execute(trx);
      const inner = await trx.savepoint('inner').execute();
      await sql`insert into projects values ('prj_b', 'b', 'individual', 'hash-b', now())`.execute(inner);
      await inner.rollbackToSavepoint('inner').execute();
      await trx.commit().execute();
      const rows = await handle.db.selectFrom('projects').select('id').execute();
      expect(rows).toEqual([{ id: 'prj_a' }]);
      await emptyAll(handle.db);
    });

    it('should fail fast, not hang, when a transaction uses the outer storage', async () => {
      await expect(handle.storage.transaction(() => handle.storage.projects.get('prj_x'))).rejects.toThrow(/one session/);
      // And the session is free again afterwards.
      expect(await handle.storage.projects.get('prj_x')).toBeNull();
    });

    it('should hand the session to one caller at a time', async () => {
      // Ten transactions at once: each sees only its own uncommitted row.
      const seen = await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          handle.db.transaction().execute(async (trx) => {
            await sql`insert into projects values (${`prj_${i}`}, 'x', 'individual', ${`hash-${i}`}, now())`.execute(trx);
            const rows = await trx.selectFrom('projects').select('id').execute();
            if (i % 2 === 0) throw new Error('roll back');
            return rows.length;
          }).catch(() => null),
        ),
      );
      expect(seen.filter((n) => n !== null).every((n) => n <= 5)).toBe(true);
      const left = await sql<{ n: number }>`select count(*) as n from projects`.execute(handle.db);
      expect(left.rows[0]?.n).toBe(5);
      await emptyAll(handle.db);
    });
  });

  describe('claimDue', () => {
    it('should walk the partial index of pending deliveries', async () => {
      await emptyAll(handle.db);
      await seedQueue(handle.db, { pending: 2_000, succeeded: 8_000 });
      const plan = await claimPlan(handle.db, new Date('2026-01-01T00:10:00Z'));
      expect(plan).toContain('deliveries_pending_idx');
      await emptyAll(handle.db);
    });
  });
});
