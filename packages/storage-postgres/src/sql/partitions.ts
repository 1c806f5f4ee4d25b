import type { RetentionPolicy } from '@webhooks/domain';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../database.js';

const DAY_MS = 86_400_000;

/** Days of partitions kept made ahead of today. */
const PARTITION_DAYS_AHEAD = 7;

/** The tables partitioned by day, and the time column of each (see the partitions migration). */
const PARTITIONED = { events: 'created_at', deliveries: 'created_at', attempts: 'attempted_at' } as const;
type Partitioned = keyof typeof PARTITIONED;

const dayOf = (ms: number) => Math.floor(ms / DAY_MS) * DAY_MS;
const nameOf = (table: Partitioned, day: number) => `${table}_p${new Date(day).toISOString().slice(0, 10).replaceAll('-', '')}`;
const PARTITION_NAME = /^(events|deliveries|attempts)_p(\d{4})(\d{2})(\d{2})$/;

/** One daily partition: its table and the start of its day (ms, UTC); it holds [day, day + 1 day). */
interface DailyPartition {
  readonly table: Partitioned;
  readonly name: string;
  readonly day: number;
}

/** The daily partitions that exist, oldest first. */
async function dailyPartitions(db: Kysely<Database>): Promise<DailyPartition[]> {
  const { rows } = await sql<{ name: string }>`
    select c.relname as name from pg_inherits i
    join pg_class c on c.oid = i.inhrelid
    join pg_class p on p.oid = i.inhparent
    where p.relname in ('events', 'deliveries', 'attempts') and p.relnamespace = current_schema()::regnamespace
  `.execute(db);
  return rows
    .flatMap((r) => {
      const m = PARTITION_NAME.exec(r.name);
      return m ? [{ table: m[1] as Partitioned, name: r.name, day: Date.UTC(Number(m[2]), Number(m[3]) - 1, Number(m[4])) }] : [];
    })
    .sort((a, b) => a.day - b.day);
}

/**
 * Makes the daily partitions of the three tables that are missing from today (the database's
 * clock: partitions are storage, never test time) through {@link PARTITION_DAYS_AHEAD} days
 * ahead. A day whose rows the default partition already holds (the service ran past its last
 * partition) is left to the default partition: Postgres would refuse the new partition, and the
 * rows are kept either way. Answers the partitions made.
 */
export async function ensurePartitions(db: Kysely<Database>): Promise<string[]> {
  const now = new Date((await sql<{ now: Date }>`select now() as now`.execute(db)).rows[0]!.now);
  const existing = new Set((await dailyPartitions(db)).map((p) => p.name));
  const made: string[] = [];
  for (const [table, column] of Object.entries(PARTITIONED) as [Partitioned, string][]) {
    for (let k = 0; k <= PARTITION_DAYS_AHEAD; k++) {
      const day = dayOf(now.getTime()) + k * DAY_MS;
      const name = nameOf(table, day);
      if (existing.has(name)) continue;
      const from = new Date(day).toISOString();
      const to = new Date(day + DAY_MS).toISOString();
      const held = await sql<{ one: number }>`select 1 as one from ${sql.table(`${table}_default`)} where ${sql.ref(column)} >= ${from}::timestamptz and ${sql.ref(column)} < ${to}::timestamptz limit 1`.execute(db);
      if (held.rows.length > 0) continue;
      await sql`create table if not exists ${sql.table(name)} partition of ${sql.table(table)} for values from (${sql.lit(from)}) to (${sql.lit(to)})`.execute(db);
      made.push(name);
    }
  }
  return made;
}

/** Rows of each final status in the partitions dropped. */
export interface DroppedCounts {
  succeeded: number;
  failed: number;
  suppressed: number;
}

/**
 * Retention by partition: drops each daily `deliveries` partition whose day is over and whose
 * every row is past its kind's retention (no pending row; each final status last updated before
 * its cutoff), checked again under a lock on `deliveries` so a delivery requeued meanwhile keeps
 * its partition. Then drops the `events` and `attempts` partitions older (by a day's margin, for
 * clocks that disagree) than every delivery left: their rows belong to deliveries already gone,
 * since a delivery is made with its event and tried after it was made. Answers the deliveries
 * dropped, by status (counted before dropping).
 */
export async function dropExpiredPartitions(db: Kysely<Database>, now: Date, policy: RetentionPolicy): Promise<DroppedCounts> {
  const counts: DroppedCounts = { succeeded: 0, failed: 0, suppressed: 0 };
  const partitions = await dailyPartitions(db);
  const cutoffs = { succeeded: now.getTime() - policy.succeededMs, failed: now.getTime() - policy.failedMs, suppressed: now.getTime() - policy.suppressedMs };
  const shortest = Math.max(cutoffs.succeeded, cutoffs.failed, cutoffs.suppressed);
  const expired = (name: string) => sql<{ pending: number; succeeded: number; failed: number; suppressed: number; young: number }>`
    select
      (count(*) filter (where status = 'pending'))::int as pending,
      (count(*) filter (where status = 'succeeded'))::int as succeeded,
      (count(*) filter (where status = 'failed'))::int as failed,
      (count(*) filter (where status = 'suppressed'))::int as suppressed,
      (count(*) filter (where (status = 'succeeded' and updated_at >= ${new Date(cutoffs.succeeded)})
        or (status = 'failed' and updated_at >= ${new Date(cutoffs.failed)})
        or (status = 'suppressed' and updated_at >= ${new Date(cutoffs.suppressed)})))::int as young
    from ${sql.table(name)}
  `;
  // The same question on the partial indexes only: cheap enough to ask under the lock.
  const stillExpired = (name: string) => sql<{ ok: boolean }>`
    select not exists (select 1 from ${sql.table(name)} where status = 'pending')
      and coalesce((select max(updated_at) from ${sql.table(name)} where status = 'succeeded') < ${new Date(cutoffs.succeeded)}, true)
      and coalesce((select max(updated_at) from ${sql.table(name)} where status = 'failed') < ${new Date(cutoffs.failed)}, true)
      and coalesce((select max(updated_at) from ${sql.table(name)} where status = 'suppressed') < ${new Date(cutoffs.suppressed)}, true) as ok
  `;
  const dropped = new Set<string>();
  for (const p of partitions) {
    if (p.table !== 'deliveries' || p.day + DAY_MS > shortest) continue;
    const row = (await expired(p.name).execute(db)).rows[0];
    if (!row || row.pending > 0 || row.young > 0) continue;
    const gone = await db.transaction().execute(async (trx) => {
      await sql`lock table deliveries in access exclusive mode`.execute(trx);
      if (!(await stillExpired(p.name).execute(trx)).rows[0]?.ok) return false;
      await sql`drop table ${sql.table(p.name)}`.execute(trx);
      return true;
    });
    if (!gone) continue;
    dropped.add(p.name);
    counts.succeeded += row.succeeded;
    counts.failed += row.failed;
    counts.suppressed += row.suppressed;
  }

  // The oldest delivery left: the first daily partition still there, or an older row of the default partition.
  const left = partitions.find((p) => p.table === 'deliveries' && !dropped.has(p.name));
  const { rows } = await sql<{ first: Date | null }>`select min(created_at) as first from deliveries_default`.execute(db);
  const firstDefault = rows[0]?.first ? new Date(rows[0].first).getTime() : Number.POSITIVE_INFINITY;
  const floor = Math.min(left?.day ?? dayOf(now.getTime()), firstDefault, now.getTime());
  for (const p of partitions) {
    if (p.table === 'deliveries' || p.day + 2 * DAY_MS > floor) continue;
    await sql`drop table ${sql.table(p.name)}`.execute(db);
  }
  return counts;
}
