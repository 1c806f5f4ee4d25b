import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DeliveryLog } from '@webhooks/domain';
import { ManualClock } from '@webhooks/domain/testing';
import { sql } from 'kysely';
import { openStorage } from './open-storage.js';
import type { StorageHandle } from './storage-handle.js';
import { freshDatabase, type TestDatabase } from './testing/index.js';

let database: TestDatabase;
let handle: StorageHandle;

beforeAll(async () => {
  database = await freshDatabase({ requireServer: true });
  handle = await openStorage({ databaseUrl: database.url, poolSize: 3 });
});

afterAll(async () => {
  await handle.close();
  await database.drop();
});

const START = new Date('2026-01-01T00:00:00Z');

/** `count` failed deliveries of `key` to `webhook`, made by generate_series (ids `<tag>_1` …), their events suppressed as `suppressed`. */
async function seedFailed(tag: string, webhook: string, key: string, count: number, suppressed: string | null = null): Promise<void> {
  await sql`insert into events select 'msg_' || ${tag} || g, 'prj_bulk', 'act_' || ${tag} || g, ${key}, ${START}, jsonb_build_object('n', g), ${suppressed} from generate_series(1, ${count}::int) g`.execute(handle.db);
  await sql`
    insert into deliveries (id, project_id, event_id, subscription_id, event_key, status, attempt_count, created_at, updated_at)
    select 'dlv_' || ${tag} || g, 'prj_bulk', 'msg_' || ${tag} || g, ${webhook}, ${key}, 'failed', 8, ${START}::timestamptz + make_interval(secs => g), ${START}
    from generate_series(1, ${count}::int) g`.execute(handle.db);
}

async function webhook(id: string, key: string, enabled: boolean): Promise<void> {
  await sql`insert into subscriptions values (${id}, 'prj_bulk', ${key}, ${`https://example.org/${id}`}, null, ${enabled}, ${enabled ? null : 'gone'}, 5000, 'open', '[]'::jsonb, ${START}, ${START})`.execute(handle.db);
}

describe('DeliveryLog.resendFailed on Postgres', () => {
  it('should queue 70,000 failed deliveries again, and skip, by reason, those the resend rules refuse', async () => {
    await sql`insert into projects values ('prj_bulk', 'bulk', 'individual', 'bulk-hash', ${START})`.execute(handle.db);
    await webhook('wh_live', 'user_registered', true);
    await webhook('wh_off', 'login_success', false);
    await webhook('wh_form', 'form_submit_7', true);
    await seedFailed('live', 'wh_live', 'user_registered', 70_000);
    await seedFailed('api', 'wh_live', 'user_registered', 30, 'api_origin');
    await seedFailed('off', 'wh_off', 'login_success', 20);
    await seedFailed('gone', 'wh_deleted', 'user_registered', 10);
    await seedFailed('form', 'wh_form', 'form_submit_7', 5);
    await sql`analyze`.execute(handle.db);

    const now = new Date('2026-02-01T00:00:00Z');
    const log = new DeliveryLog({ storage: handle.storage, clock: new ManualClock(now) });
    const result = await log.resendFailed('prj_bulk', { createdFrom: START });

    expect(result).toEqual({
      dryRun: false,
      queued: 70_000,
      skipped: 65,
      skippedByReason: { api_origin: 30, webhook_disabled: 20, webhook_deleted: 10, interactive_call: 5 },
      resentAt: now,
    });
    // Every page of it resent at one time: its deliveries are counted by it, in one statement.
    expect(await log.counts('prj_bulk', { resentAt: now })).toEqual({ pending: 70_000, succeeded: 0, failed: 0, suppressed: 0, total: 70_000 });
    const byStatus = await sql<{ status: string; n: string }>`select status, count(*)::text as n from deliveries group by status order by status`.execute(handle.db);
    expect(byStatus.rows).toEqual([
      { status: 'failed', n: '65' },
      { status: 'pending', n: '70000' },
    ]);
    const pendingLive = await sql<{ n: string }>`select count(*)::text as n from deliveries where status = 'pending' and subscription_id = 'wh_live' and attempt_count = 0`.execute(handle.db);
    expect(pendingLive.rows[0]?.n).toBe('70000');
    // A second bulk resend finds only what the rules refuse, with or without a start.
    expect(await log.resendFailed('prj_bulk', { createdFrom: START })).toMatchObject({ queued: 0, skipped: 65 });
    expect(await log.resendFailed('prj_bulk', {})).toMatchObject({ queued: 0, skipped: 65 });
  });
});
