/* eslint-disable @typescript-eslint/no-explicit-any -- migrations are frozen in time: typed against any schema, never the app's. */
import { sql, type Kysely } from 'kysely';

const DAY_MS = 86_400_000;
/** Days of partitions made ahead of today. */
const AHEAD = 7;
/** Existing rows older than this many days go to the default partition (retention deletes them row by row). */
const BACK = 100;

/** The three tables that grow with traffic, and the time column each is partitioned on. */
const TABLES = { events: 'created_at', deliveries: 'created_at', attempts: 'attempted_at' } as const;

const day = (ms: number) => Math.floor(ms / DAY_MS) * DAY_MS;
const suffix = (ms: number) => new Date(ms).toISOString().slice(0, 10).replaceAll('-', '');

/**
 * Growth: `events`, `deliveries` and `attempts` become tables partitioned by day (Postgres
 * declarative partitioning, range on `created_at` / `attempted_at`), so retention drops a day's
 * partition whole instead of deleting its rows. Each has a default partition, so a row outside
 * every daily range is kept, never refused. Existing rows move over in this migration: partitions
 * are made for every day that has rows (up to 100 days back) and 7 days ahead.
 *
 * A primary key of a partitioned table must hold the partition key: the keys become
 * `(id, created_at)` (`(id, attempted_at)` for attempts); a lookup by id alone uses the key's
 * index in each partition (id leads it). The foreign keys between the three (attempt → delivery
 * → event) go (a key that is not unique by itself cannot be referenced); each now references its
 * project instead, so deleting a project still deletes its log. Events get `created_at` (when the
 * service stored them; their deliveries are made in the same statement); an existing event takes
 * its first delivery's `created_at`.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const ddl = (text: string) => sql.raw(text).execute(db);
  await ddl('alter table attempts drop constraint if exists attempts_delivery_id_fkey');
  await ddl('alter table deliveries drop constraint if exists deliveries_event_id_fkey');
  for (const table of Object.keys(TABLES)) await ddl(`alter table ${table} rename to ${table}_unpartitioned`);

  await ddl(`create table events (like events_unpartitioned including defaults including constraints, created_at timestamptz not null default now()) partition by range (${TABLES.events})`);
  await ddl(`create table deliveries (like deliveries_unpartitioned including defaults including constraints) partition by range (${TABLES.deliveries})`);
  await ddl(`create table attempts (like attempts_unpartitioned including defaults including constraints) partition by range (${TABLES.attempts})`);

  // Days that hold rows (bounded), through a week ahead.
  const { rows } = await sql<{ first: Date | null; now: Date }>`
    select least(
      (select min(created_at) from deliveries_unpartitioned),
      (select min(attempted_at) from attempts_unpartitioned)
    ) as first, now() as now
  `.execute(db);
  const now = new Date(rows[0]!.now).getTime();
  const first = rows[0]!.first === null ? now : Math.max(new Date(rows[0]!.first).getTime(), now - BACK * DAY_MS);
  for (const table of Object.keys(TABLES)) {
    for (let d = day(first); d <= day(now) + AHEAD * DAY_MS; d += DAY_MS) {
      const from = new Date(d).toISOString();
      const to = new Date(d + DAY_MS).toISOString();
      await ddl(`create table ${table}_p${suffix(d)} partition of ${table} for values from ('${from}') to ('${to}')`);
    }
    await ddl(`create table ${table}_default partition of ${table} default`);
  }

  await ddl(`
    insert into events (id, project_id, activity_id, key, occurred_at, payload, suppressed, created_at)
    select e.id, e.project_id, e.activity_id, e.key, e.occurred_at, e.payload, e.suppressed,
           coalesce((select min(d.created_at) from deliveries_unpartitioned d where d.event_id = e.id), now())
    from events_unpartitioned e
  `);
  await ddl('insert into deliveries select * from deliveries_unpartitioned');
  await ddl('insert into attempts select * from attempts_unpartitioned');
  for (const table of ['attempts', 'deliveries', 'events']) await ddl(`drop table ${table}_unpartitioned`);

  // Keys, references and indexes, built once the rows are in (each made on every partition).
  await ddl('alter table events add constraint events_pkey primary key (id, created_at)');
  await ddl('alter table deliveries add constraint deliveries_pkey primary key (id, created_at)');
  await ddl('alter table attempts add constraint attempts_pkey primary key (id, attempted_at)');
  for (const table of Object.keys(TABLES)) {
    await ddl(`alter table ${table} add constraint ${table}_project_id_fkey foreign key (project_id) references projects (id) on delete cascade`);
  }
  await ddl('create index events_project_idx on events (project_id)');
  await ddl(`create index deliveries_pending_idx on deliveries (next_attempt_at) where status = 'pending'`);
  await ddl('create index deliveries_leased_idx on deliveries (locked_until) where locked_until is not null');
  for (const status of ['succeeded', 'failed', 'suppressed']) {
    await ddl(`create index deliveries_${status}_idx on deliveries (updated_at) where status = '${status}'`);
  }
  await ddl('create index deliveries_project_log_idx on deliveries (project_id, created_at desc, id desc)');
  await ddl('create index deliveries_subscription_log_idx on deliveries (subscription_id, created_at desc, id desc)');
  await ddl('create index deliveries_event_idx on deliveries (event_id)');
  await ddl('create index attempts_delivery_idx on attempts (delivery_id, attempted_at)');
}
