import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { sql } from 'kysely';
import { DEFAULT_RETRY_POLICY, ProjectAdministration, ReportActivity, SendTestEvent, TransactionalRecording, WebhookAdministration } from '@webhooks/domain';
import { ListedTargetGuard, ManualClock, ScriptedTransport, SeededRandom, SequentialIds } from '@webhooks/domain/testing';
import pg from 'pg';
import { applicantSearchPlan, claimPlan, resendCountsPlan, seedQueue } from './claim-plan.spec-helper.js';
import { openStorage } from './open-storage.js';
import { openPostgres } from './postgres/open-postgres.js';
import { PG_TYPES } from './postgres/type-parsers.js';
import { PgWorkSignal } from './signal/pg-work-signal.js';
import { notifyWork } from './sql/work-channel.js';
import type { StorageHandle } from './storage-handle.js';
import { freshDatabase, type TestDatabase } from './testing/index.js';
import { describeStorageContract } from './storage-contract.spec-helper.js';
import { contractSubject, emptyAll } from './contract-subject.spec-helper.js';

let database: TestDatabase;
let handle: StorageHandle;
const newSignal = () => new PgWorkSignal(() => new pg.Client({ connectionString: database.url, types: PG_TYPES }));

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

  it('should have Postgres end a session left idle inside a transaction, releasing its row locks (a process cut off mid-transaction)', async () => {
    const short = await openPostgres({ databaseUrl: database.url, poolSize: 2, idleInTransactionTimeoutMs: 300, migrate: false });
    await sql`create table idle_probe (id int primary key)`.execute(handle.db);
    await sql`insert into idle_probe values (1)`.execute(handle.db);
    try {
      let locked!: () => void;
      const holding = new Promise<void>((resolve) => (locked = resolve));
      const cutOff = short.db.transaction().execute(async (trx) => {
        await sql`select id from idle_probe where id = 1 for update`.execute(trx);
        locked();
        // Its next statement comes too late, as from a process whose link is down.
        await new Promise((resolve) => setTimeout(resolve, 1_500));
        await sql`select 1`.execute(trx);
      });
      const outcome = cutOff.then(
        () => 'committed',
        () => 'ended by the server',
      );
      await holding;
      // Locked now (another session cannot take the row)…
      await expect(sql`select id from idle_probe where id = 1 for update nowait`.execute(handle.db)).rejects.toThrow(/could not obtain lock/);
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      // …and free once the server has ended the idle session, before its holder came back.
      expect((await sql<{ id: number }>`select id from idle_probe where id = 1 for update nowait`.execute(handle.db)).rows).toEqual([{ id: 1 }]);
      expect(await outcome).toBe('ended by the server');
    } finally {
      await short.close();
      await sql`drop table idle_probe`.execute(handle.db);
    }
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

  describe('deliveries.list by applicant', () => {
    it("should find the applicant's events through the index on user_info, not by reading the project's events", async () => {
      await emptyAll(handle.db);
      await seedQueue(handle.db, { pending: 0, succeeded: 20_000 });
      const plan = await applicantSearchPlan(handle.db, 'u42@example.com');
      expect(plan).toContain('events_user_info_idx');
      expect(plan).not.toMatch(/Seq Scan on events/);
      await emptyAll(handle.db);
    });
  });

  describe('deliveries.counts of one resend', () => {
    it("should read that resend's deliveries through the partial index of resent ones, not the project's deliveries", async () => {
      await emptyAll(handle.db);
      await seedQueue(handle.db, { pending: 0, succeeded: 20_000 });
      const plan = await resendCountsPlan(handle.db, 50, new Date('2026-01-02T00:00:00Z'));
      expect(plan).toContain('deliveries_resent_idx');
      expect(plan).not.toMatch(/Seq Scan on deliveries/);
      await emptyAll(handle.db);
    });
  });

  describe('projects.delete', () => {
    it("should leave no row of the project in any table, and every row of another project", async () => {
      await emptyAll(handle.db);
      const clock = new ManualClock();
      const ids = new SequentialIds();
      const random = new SeededRandom();
      const storage = handle.storage;
      const projects = new ProjectAdministration({ storage, clock, ids, random });
      const webhooks = new WebhookAdministration({ storage, clock, ids, random, allowHttpTargets: true, targets: new ListedTargetGuard(), secretGraceMs: 0 });
      const report = new ReportActivity({ stores: storage, recording: new TransactionalRecording({ storage, clock }), clock, ids, groupPageSize: 100 });
      const sendTest = new SendTestEvent({ storage, clock, ids, random, transport: new ScriptedTransport(), retryPolicy: DEFAULT_RETRY_POLICY });
      const seed = async (name: string) => {
        const created = await projects.createProject({ name, system: 'individual' });
        if (created.kind !== 'ok') throw new Error('project');
        const id = created.value.project.id;
        await projects.addAdmin(id, { email: 'a@example.org', apiAdmin: true });
        await storage.forms.upsertForm({ projectId: id, id: 'f', name: 'F', audience: 'user', mandatory: true, reach: 'audience' });
        await storage.forms.upsertTrigger({ projectId: id, id: 't', on: { type: 'account_created' }, addForms: ['f'] });
        const hook = await webhooks.create(id, { event: 'user_registered', url: `https://hooks.example.org/${name}` });
        if (hook.kind !== 'ok') throw new Error('webhook');
        await report.execute(id, { id: 'a1', type: 'registered', origin: 'applicant', occurredAt: clock.now(), user: { id: 'u1', username: 'u1@example.org' } });
        await sendTest.execute(id, hook.value.id);
        return id;
      };
      const gone = await seed('gone');
      const kept = await seed('kept');
      const tables = (
        await sql<{ table_name: string }>`select table_name from information_schema.columns where column_name = 'project_id' and table_schema = current_schema()`.execute(handle.db)
      ).rows.map((r) => r.table_name);
      const rowsOf = async (projectId: string) => {
        const counts: Record<string, number> = {};
        for (const table of [...tables].sort()) {
          const { rows } = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)} where project_id = ${projectId}`.execute(handle.db);
          counts[table] = rows[0]?.n ?? -1;
        }
        const { rows } = await sql<{ n: number }>`select count(*)::int as n from projects where id = ${projectId}`.execute(handle.db);
        counts['projects'] = rows[0]?.n ?? -1;
        return counts;
      };
      const before = await rowsOf(kept);
      // Every table the seed reaches holds rows of each project before.
      for (const table of ['admins', 'forms', 'triggers', 'subscriptions', 'user_states', 'activities', 'events', 'deliveries', 'attempts', 'projects']) {
        expect([table, before[table]]).toEqual([table, expect.any(Number)]);
        expect([table, (before[table] ?? 0) > 0]).toEqual([table, true]);
      }
      expect(await rowsOf(gone)).toEqual(before);

      expect(await storage.projects.delete(gone)).toBe(true);

      expect(await rowsOf(gone)).toEqual(Object.fromEntries(Object.keys(before).map((t) => [t, 0])));
      expect(await rowsOf(kept)).toEqual(before);
      await emptyAll(handle.db);
    });
  });

  describe('the work signal', () => {
    it('should listen again after its connection is killed', async () => {
      const signal = newSignal();
      await signal.start();
      try {
        await sql`select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and query = 'LISTEN webhooks_work'`.execute(handle.db);
        // Reconnection takes about half a second: notify (as a commit that queued work does) until a wake-up comes through again.
        let woken = false;
        for (let i = 0; i < 40 && !woken; i += 1) {
          const started = performance.now();
          const waiting = signal.wait(250);
          await notifyWork(handle.db);
          await waiting;
          woken = performance.now() - started < 200;
        }
        expect(woken).toBe(true);
      } finally {
        await signal.close();
      }
    });
  });
});
