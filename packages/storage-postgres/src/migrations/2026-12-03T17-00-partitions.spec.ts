import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ManualClock } from '@webhooks/domain/testing';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import type { Database } from '../database.js';
import { migrateToLatest } from '../migrate.js';
import { IN_MEMORY, startPglite } from '../pglite/open-pglite.js';
import { PgliteDialect } from '../pglite/pglite-dialect.js';
import { PgliteSession } from '../pglite/pglite-session.js';
import { SqlDeliveryQueue } from '../queue/sql-delivery-queue.js';
import { freshDatabase } from '../testing/index.js';
import { MIGRATIONS } from './migrations.js';

const NAME = '2026-12-03T17-00-partitions';
/** Every migration before this one: the schema an existing deployment has. */
const BEFORE = Object.fromEntries(Object.entries(MIGRATIONS).filter(([name]) => name < NAME));
const DAY = 86_400_000;

/** A database opened for one run, and how to close it. */
interface Opened {
  readonly db: Kysely<Database>;
  close(): Promise<void>;
}

const databases: Readonly<Record<string, () => Promise<Opened>>> = {
  Postgres: async () => {
    const database = await freshDatabase({ requireServer: true });
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: database.url, max: 2 }) }) });
    return { db, close: async () => (await db.destroy(), await database.drop()) };
  },
  PGlite: async () => {
    const pglite = await startPglite(IN_MEMORY);
    const db = new Kysely<Database>({ dialect: new PgliteDialect(new PgliteSession(pglite)) });
    return { db, close: async () => (await db.destroy(), await pglite.close()) };
  },
};

/** Where a row lives: the partition (or table) that holds it. */
const whereIs = async (db: Kysely<Database>, table: 'events' | 'deliveries' | 'attempts', id: string) =>
  (await sql<{ part: string }>`select tableoid::regclass::text as part from ${sql.table(table)} where id = ${id}`.execute(db)).rows.map((r) => r.part);

const partitionsOf = async (db: Kysely<Database>, table: string) =>
  (
    await sql<{ name: string }>`select c.relname as name from pg_inherits i join pg_class c on c.oid = i.inhrelid join pg_class p on p.oid = i.inhparent where p.relname = ${table} order by 1`.execute(db)
  ).rows.map((r) => r.name);

const dayName = (table: string, t: Date) => `${table}_p${t.toISOString().slice(0, 10).replaceAll('-', '')}`;

describe.each(Object.keys(databases))(`migration ${NAME} on %s`, (kind) => {
  let opened: Opened;
  let now: Date;
  const ago = (days: number) => new Date(now.getTime() - days * DAY);

  beforeAll(async () => {
    opened = await databases[kind]!();
    const { db } = opened;
    await migrateToLatest(db, BEFORE);
    now = new Date((await sql<{ now: Date }>`select now() as now`.execute(db)).rows[0]!.now);
    await sql`insert into projects values ('prj_1', 'Camp', 'family', 'hash-1', now()), ('prj_2', 'Other', 'individual', 'hash-2', now())`.execute(db);
    await sql`insert into subscriptions (id, project_id, event_key, url, enabled, timeout_ms, failure_policy, secrets, created_at, updated_at)
      values ('sub_1', 'prj_1', 'login_success', 'https://example.com/a', true, 5000, 'open', '[]'::jsonb, now(), now()),
             ('sub_2', 'prj_2', 'login_success', 'https://example.com/b', true, 5000, 'open', '[]'::jsonb, now(), now())`.execute(db);
    // Deliveries of three ages: 200 days (older than any partition made), 3 days, today (pending).
    const rows = [
      { id: 'old', project: 'prj_1', sub: 'sub_1', created: ago(200), status: 'succeeded' },
      { id: 'three', project: 'prj_1', sub: 'sub_1', created: ago(3), status: 'succeeded' },
      { id: 'today', project: 'prj_1', sub: 'sub_1', created: now, status: 'pending' },
      { id: 'other', project: 'prj_2', sub: 'sub_2', created: ago(3), status: 'failed' },
    ];
    for (const r of rows) {
      await sql`insert into events values (${`evt_${r.id}`}, ${r.project}, ${`act_${r.id}`}, 'login_success', ${r.created}, '{"event":"login_success"}'::jsonb, null)`.execute(db);
      await sql`insert into deliveries (id, project_id, event_id, subscription_id, event_key, status, attempt_count, next_attempt_at, created_at, updated_at)
        values (${`dlv_${r.id}`}, ${r.project}, ${`evt_${r.id}`}, ${r.sub}, 'login_success', ${r.status}, 1, ${r.status === 'pending' ? r.created : null}, ${r.created}, ${r.created})`.execute(db);
      await sql`insert into attempts (id, delivery_id, project_id, subscription_id, attempted_at, duration_ms, status_code, succeeded)
        values (${`att_${r.id}`}, ${`dlv_${r.id}`}, ${r.project}, ${r.sub}, ${new Date(r.created.getTime() + 1000)}, 12, 200, ${r.status === 'succeeded'})`.execute(db);
    }
    // An event without a delivery takes the migration's now.
    await sql`insert into events values ('evt_alone', 'prj_1', 'act_alone', 'login_success', ${ago(50)}, '{}'::jsonb, null)`.execute(db);
    expect(await migrateToLatest(db)).toEqual(Object.keys(MIGRATIONS).filter((name) => name >= NAME));
  }, 120_000);

  afterAll(async () => {
    await opened.close();
  });

  it('should make the three tables partitioned by range, with a default partition and a week of days ahead', async () => {
    const { rows } = await sql<{ relname: string; relkind: string }>`select relname, relkind from pg_class where relname in ('events', 'deliveries', 'attempts') order by 1`.execute(opened.db);
    expect(rows).toEqual([
      { relname: 'attempts', relkind: 'p' },
      { relname: 'deliveries', relkind: 'p' },
      { relname: 'events', relkind: 'p' },
    ]);
    for (const table of ['events', 'deliveries', 'attempts']) {
      const parts = await partitionsOf(opened.db, table);
      expect(parts).toContain(`${table}_default`);
      for (let k = 0; k <= 7; k++) expect(parts).toContain(dayName(table, new Date(now.getTime() + k * DAY)));
      // From the oldest day with rows, at most 100 days back.
      expect(parts).toContain(dayName(table, ago(3)));
      expect(parts).not.toContain(dayName(table, ago(200)));
    }
  });

  it('should move every row to the partition of its day, and those older than every partition to the default one', async () => {
    const { db } = opened;
    expect(await whereIs(db, 'deliveries', 'dlv_three')).toEqual([dayName('deliveries', ago(3))]);
    expect(await whereIs(db, 'deliveries', 'dlv_today')).toEqual([dayName('deliveries', now)]);
    expect(await whereIs(db, 'deliveries', 'dlv_old')).toEqual(['deliveries_default']);
    expect(await whereIs(db, 'attempts', 'att_three')).toEqual([dayName('attempts', ago(3))]);
    expect(await whereIs(db, 'events', 'evt_old')).toEqual(['events_default']);
    // An event is dated by its first delivery; one without any by the migration.
    const events = await sql<{ id: string; created_at: Date }>`select id, created_at from events where id in ('evt_three', 'evt_alone') order by id`.execute(db);
    const created = new Map(events.rows.map((r) => [r.id, new Date(r.created_at).getTime()]));
    expect(created.get('evt_three')).toBe(ago(3).getTime());
    expect(created.get('evt_alone')).toBeGreaterThanOrEqual(now.getTime());
    const counts = await sql<{ n: number }>`select (select count(*) from events)::int + (select count(*) from deliveries)::int + (select count(*) from attempts)::int as n`.execute(db);
    expect(counts.rows[0]?.n).toBe(5 + 4 + 4);
  });

  it('should still find a delivery by id alone, with its event and attempts', async () => {
    const { db } = opened;
    const delivery = await db.selectFrom('deliveries').select(['id', 'status', 'event_id']).where('id', '=', 'dlv_three').executeTakeFirstOrThrow();
    expect(delivery).toEqual({ id: 'dlv_three', status: 'succeeded', event_id: 'evt_three' });
    expect(await db.selectFrom('events').select('key').where('id', '=', 'evt_three').execute()).toEqual([{ key: 'login_success' }]);
    expect(await db.selectFrom('attempts').select('id').where('delivery_id', '=', 'dlv_three').execute()).toEqual([{ id: 'att_three' }]);
  });

  it('should keep a row dated outside every partition (default partition), never refuse it', async () => {
    const far = new Date('2031-06-01T00:00:00Z');
    await sql`insert into events (id, project_id, activity_id, key, occurred_at, payload, suppressed, created_at) values ('evt_far', 'prj_2', 'act_far', 'k', ${far}, '{}'::jsonb, null, ${far})`.execute(opened.db);
    expect(await whereIs(opened.db, 'events', 'evt_far')).toEqual(['events_default']);
  });

  it("should delete a project's deliveries and attempts with it", async () => {
    const { db } = opened;
    await db.deleteFrom('projects').where('id', '=', 'prj_2').execute();
    expect(await whereIs(db, 'deliveries', 'dlv_other')).toEqual([]);
    expect(await whereIs(db, 'attempts', 'att_other')).toEqual([]);
    expect(await whereIs(db, 'events', 'evt_far')).toEqual([]);
  });

  it('should drop a day whose deliveries are all past retention, and its attempts and events once no older delivery is left', async () => {
    const { db } = opened;
    const queue = new SqlDeliveryQueue(db, { clock: new ManualClock(now) });
    const policy = { succeededMs: DAY, failedMs: DAY, suppressedMs: DAY, activityMs: 1e12, interactionMs: 1e12 };
    // The 3-day-old partition goes whole; the 200-day-old row (default partition) row by row.
    expect(await queue.prune(policy, 100)).toEqual({ succeeded: 2, failed: 0, suppressed: 0, activities: 0, interactions: 0 });
    expect(await partitionsOf(db, 'deliveries')).not.toContain(dayName('deliveries', ago(3)));
    expect(await whereIs(db, 'attempts', 'att_old')).toEqual([]);
    // With no older delivery left, the attempts and events of that day go on the next pass.
    expect(await queue.prune(policy, 100)).toEqual({ succeeded: 0, failed: 0, suppressed: 0, activities: 0, interactions: 0 });
    expect(await partitionsOf(db, 'attempts')).not.toContain(dayName('attempts', ago(3)));
    expect(await partitionsOf(db, 'events')).not.toContain(dayName('events', ago(3)));
    // Today's pending delivery, its event and attempt stay.
    expect(await whereIs(db, 'deliveries', 'dlv_today')).toEqual([dayName('deliveries', now)]);
    expect(await whereIs(db, 'events', 'evt_today')).toEqual([dayName('events', now)]);
    expect(await queue.pendingCount()).toBe(1);
  });

  it('should keep a day that holds a pending delivery', async () => {
    const { db } = opened;
    const later = new Date(now.getTime() + 30 * DAY);
    const queue = new SqlDeliveryQueue(db, { clock: new ManualClock(later) });
    const policy = { succeededMs: DAY, failedMs: DAY, suppressedMs: DAY, activityMs: 1e12, interactionMs: 1e12 };
    await queue.prune(policy, 100);
    expect(await partitionsOf(db, 'deliveries')).toContain(dayName('deliveries', now));
    // The empty days in between had nothing to wait for: gone.
    expect(await partitionsOf(db, 'deliveries')).not.toContain(dayName('deliveries', new Date(now.getTime() + 2 * DAY)));
  });
});
