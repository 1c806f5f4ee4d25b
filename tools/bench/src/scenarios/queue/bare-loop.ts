import type { Database } from '@webhooks/storage-postgres';
import { sql, type Kysely } from 'kysely';

/**
 * The same work done naively, one delivery at a time in autocommit: find the next due pending row,
 * UPDATE it to succeeded, INSERT its attempt — three statements per delivery, no batching, no lease.
 */
export async function bareLoop(db: Kysely<Database>, deliveries: number): Promise<{ done: number; ms: number }> {
  let done = 0;
  const started = performance.now();
  while (done < deliveries) {
    const next = await sql<{ id: string }>`select id from deliveries where status = 'pending' order by next_attempt_at limit 1`.execute(db);
    const id = next.rows[0]?.id;
    if (id === undefined) break;
    await sql`update deliveries set status = 'succeeded', attempt_count = attempt_count + 1, next_attempt_at = null where id = ${id}`.execute(db);
    await sql`insert into attempts values (${`att_bare_${done}`}, ${id}, 'prj_bench', 'wh_bench', now(), 12, 200, 'ok', null, null, true)`.execute(db);
    done += 1;
  }
  return { done, ms: performance.now() - started };
}
