import type { Database } from '@webhooks/storage-postgres';
import { sql, type Kysely } from 'kysely';

/** The time every seeded delivery is due by: claims run with `now` later than all of them. */
export const SEEDED_BEFORE = new Date('2026-01-01T00:00:00Z');

/**
 * Queues `count` pending deliveries, all due, each with its own event (a payload of ~200 bytes),
 * in a few set-based statements (generate_series), then ANALYZE. They are made now (`created_at`),
 * as the service makes them.
 */
export async function seedQueue(db: Kysely<Database>, count: number): Promise<void> {
  const start = new Date(SEEDED_BEFORE.getTime() - count * 1_000);
  await sql`insert into projects values ('prj_bench', 'bench', 'individual', 'bench-hash', ${start})`.execute(db);
  await sql`insert into subscriptions values ('wh_bench', 'prj_bench', 'user_registered', 'https://example.org/hook', null, true, null, 5000, 'open', '[]'::jsonb, ${start}, ${start})`.execute(db);
  // Chunks keep PGlite's memory flat on a million rows.
  for (let from = 1; from <= count; from += 100_000) {
    const to = Math.min(count, from + 99_999);
    await sql`
      insert into events
      select 'msg_' || g, 'prj_bench', 'act_' || g, 'user_registered', ${start},
             jsonb_build_object('user_info', jsonb_build_object('id', g, 'username', 'user' || g, 'email', 'user' || g || '@example.org'),
                                'meta_info', jsonb_build_object('project', 'prj_bench', 'event', 'user_registered', 'at', ${start}::text)),
             null
      from generate_series(${from}::int, ${to}::int) g`.execute(db);
    await sql`
      insert into deliveries (id, project_id, event_id, subscription_id, event_key, status, attempt_count, next_attempt_at, created_at, updated_at)
      select 'dlv_' || g, 'prj_bench', 'msg_' || g, 'wh_bench', 'user_registered', 'pending', 0,
             ${start}::timestamptz + make_interval(secs => g), now(), now()
      from generate_series(${from}::int, ${to}::int) g`.execute(db);
  }
  await sql`analyze`.execute(db);
}
