import { sql, type Kysely } from 'kysely';
import type { Database } from './database.js';
import { SqlDeliveryQueue } from './queue/sql-delivery-queue.js';
import { DeliveryRepository } from './repositories/delivery.repository.js';

/**
 * Fills an empty database with `pending` deliveries due one second apart from `start`, and
 * `succeeded` ones, made by generate_series; then ANALYZE, as autovacuum would.
 */
export async function seedQueue(db: Kysely<Database>, counts: { pending: number; succeeded: number }, start = new Date('2026-01-01T00:00:00Z')): Promise<void> {
  const total = counts.pending + counts.succeeded;
  await sql`insert into projects values ('prj_plan', 'plan', 'individual', 'plan-hash', ${start})`.execute(db);
  await sql`insert into subscriptions values ('wh_plan', 'prj_plan', 'user_registered', 'https://example.org/hook', null, true, null, 5000, 'open', '[]'::jsonb, ${start}, ${start})`.execute(db);
  await sql`insert into events select 'msg_' || g, 'prj_plan', 'act_' || g, 'user_registered', ${start}, jsonb_build_object('n', g), null from generate_series(1, ${total}::int) g`.execute(db);
  await sql`
    insert into deliveries (id, project_id, event_id, subscription_id, event_key, status, attempt_count, next_attempt_at, created_at, updated_at)
    select 'dlv_' || g, 'prj_plan', 'msg_' || g, 'wh_plan', 'user_registered',
           case when g <= ${counts.pending}::int then 'pending' else 'succeeded' end, 0,
           case when g <= ${counts.pending}::int then ${start}::timestamptz + make_interval(secs => g) end,
           ${start}, ${start}
    from generate_series(1, ${total}::int) g`.execute(db);
  await sql`analyze`.execute(db);
}

/** EXPLAIN of the claim statement at `now`, as text. */
export async function claimPlan(db: Kysely<Database>, now: Date, limit = 100): Promise<string> {
  const rows = await new SqlDeliveryQueue(db, { clock: { now: () => now } }).claimQuery({ limit, leaseMs: 30_000, workerId: 'explain' }).explain<{ 'QUERY PLAN': string }>();
  return rows.map((r) => r['QUERY PLAN']).join('\n');
}

/** EXPLAIN of the delivery log's search by applicant, as text (after {@link seedQueue}: its events carry `user_info`). */
export async function applicantSearchPlan(db: Kysely<Database>, applicant: string): Promise<string> {
  await sql`update events set payload = jsonb_build_object('user_info', jsonb_build_object('id', 'u' || (payload ->> 'n'), 'username', 'u' || (payload ->> 'n') || '@example.com'))`.execute(db);
  // VACUUM as autovacuum would: it also moves the GIN index's pending entries (the update's) into the index proper.
  await sql`vacuum analyze events`.execute(db);
  const rows = await new DeliveryRepository(db).listQuery('prj_plan', { applicant }, { limit: 20 }).explain<{ 'QUERY PLAN': string }>();
  return rows.map((r) => r['QUERY PLAN']).join('\n');
}

/** EXPLAIN of the counts of one resend (`resentAt`) after marking `resent` deliveries of {@link seedQueue} as resent then, as text. */
export async function resendCountsPlan(db: Kysely<Database>, resent: number, at: Date): Promise<string> {
  await sql`update deliveries set resent_at = ${at} where id in (select 'dlv_' || g from generate_series(1, ${resent}::int) g)`.execute(db);
  await sql`analyze deliveries`.execute(db);
  const rows = await new DeliveryRepository(db).countsQuery('prj_plan', { resentAt: at }).explain<{ 'QUERY PLAN': string }>();
  return rows.map((r) => r['QUERY PLAN']).join('\n');
}
