import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { sql } from 'kysely';
import pg from 'pg';
import { claimPlan, seedQueue } from './claim-plan.spec-helper.js';
import { openStorage } from './open-storage.js';
import { PG_TYPES } from './postgres/type-parsers.js';
import { PgWorkSignal } from './signal/pg-work-signal.js';
import type { StorageHandle } from './storage-handle.js';
import { freshDatabase, type TestDatabase } from './testing/index.js';
import { describeStorageContract } from './storage-contract.spec-helper.js';
import { contractSubject, emptyAll } from './contract-subject.spec-helper.js';

let database: TestDatabase;
let handle: StorageHandle;
const newSignal = () => new PgWorkSignal(() => new pg.Client({ connectionString: database.url, types: PG_TYPES }), handle.db);

beforeAll(async () => {
  database = await freshDatabase({ requireServer: true });
  handle = await openStorage({ databaseUrl: database.url, poolSize: 5 });
});

afterAll(async () => {
  await handle.close();
  await database.drop();
});

describeStorageContract('Postgres', () => contractSubject(handle, newSignal()));

describe('the Postgres adapter', () => {
  it('should be a postgres handle that answers ping', async () => {
    expect(handle.kind).toBe('postgres');
    expect(await handle.storage.ping()).toBe(true);
  });

  describe('claimDue', () => {
    it('should walk the partial index of pending deliveries', async () => {
      await emptyAll(handle.db);
      await seedQueue(handle.db, { pending: 5_000, succeeded: 20_000 });
      const plan = await claimPlan(handle.db, new Date('2026-01-01T00:10:00Z'));
      expect(plan).toContain('deliveries_pending_idx');
      expect(plan).not.toMatch(/Seq Scan on deliveries/);
      await emptyAll(handle.db);
    });
  });

  describe('the work signal', () => {
    it('should listen again after its connection is killed', async () => {
      const signal = newSignal();
      await signal.start();
      try {
        await sql`select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and query = 'LISTEN webhooks_work'`.execute(handle.db);
        // Reconnection takes about half a second: notify until a wake-up comes through again.
        let woken = false;
        for (let i = 0; i < 40 && !woken; i += 1) {
          const started = performance.now();
          const waiting = signal.wait(250);
          await signal.notify();
          await waiting;
          woken = performance.now() - started < 200;
        }
        expect(woken).toBe(true);
      } finally {
        await signal.close();
      }
    });

    it('should send one notification for calls made while one is being sent, and a fresh one after', async () => {
      let statements = 0;
      const counting = handle.db.withPlugin({
        transformQuery: (args) => {
          statements += 1;
          return args.node;
        },
        transformResult: async (args) => args.result,
      });
      const signal = new PgWorkSignal(() => new pg.Client({ connectionString: database.url, types: PG_TYPES }), counting);
      await signal.start();
      try {
        const waiting = signal.wait(5_000);
        await Promise.all(Array.from({ length: 50 }, () => signal.notify()));
        expect(statements).toBe(2);
        const started = performance.now();
        await waiting;
        expect(performance.now() - started).toBeLessThan(4_000);
        await signal.notify();
        expect(statements).toBe(3);
      } finally {
        await signal.close();
      }
    });
  });
});
