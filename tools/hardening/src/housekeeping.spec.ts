import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { openStorage } from '@webhooks/storage-postgres';
import { sized, writeFigures } from './support/figures.js';
import type { TestDatabase } from './support/database.js';
import { freshDatabase } from './support/database.js';
import { createProject, expectStatus, listAll, report, subscribe, uid, user } from './support/fixtures.js';
import { latencySummary } from './support/latency.js';
import type { Service } from './support/service.js';
import { startService } from './support/service.js';
import { query } from './support/snapshot.js';

/**
 * Housekeeping under load: a database holding a backlog past every retention (final deliveries
 * with their events and attempts, activity and interaction records) is pruned by the worker as it
 * starts, while fresh deliveries flow — they must not wait for it; what is within retention, and
 * everything pending, stays. And endpoint health: a webhook failing past its allowance (0 hours
 * here) is disabled as `failing`, its neighbours untouched.
 */
const BACKLOG = sized(6_000, 120_000);
const LOGINS = sized(30, 300);
const DAY = "interval '1 day'";

const startedAt = new Date();
let database: TestDatabase;
let svc: Service;
const figures = {
  backlog: BACKLOG,
  pruned: { deliveries: 0, events: 0, attempts: 0, activities: 0 },
  kept: { deliveries: 0, pending: 0, activities: 0 },
  prunedInMs: 0,
  freshLatencyWhilePruningMs: { count: 0, p50: 0, p95: 0, max: 0 },
  health: { failingDisabled: false, failingSinceSet: false, neighboursEnabled: 0, neighbours: 0, suppressedAfter: 0, healthySucceeded: 0 },
};

/** Rows past retention (100 days old) and within it (1 day), straight into the tables. */
async function seedBacklog(url: string): Promise<void> {
  await query(url, `insert into projects (id, name, system, platform_key_hash, created_at) values ('prj_backlog', 'Backlog', 'individual', 'backlog-hash', now() - 200 * ${DAY})`);
  await query(url, `insert into subscriptions (id, project_id, event_key, url, description, enabled, disabled_reason, timeout_ms, failure_policy, secrets, created_at, updated_at)
    values ('wh_backlog', 'prj_backlog', 'login_success', 'http://127.0.0.1:9/backlog', null, true, null, 5000, 'open', '[]'::jsonb, now() - 200 * ${DAY}, now() - 200 * ${DAY})`);
  // g ≤ BACKLOG: old; the last 30: young (a day old) or pending.
  const total = BACKLOG + 30;
  await query(url, `insert into events (id, project_id, activity_id, key, occurred_at, payload, suppressed)
    select 'msg_b' || g, 'prj_backlog', 'act_b' || g, 'login_success', now() - 100 * ${DAY}, jsonb_build_object('n', g), null from generate_series(1, $1::int) g`, [total]);
  await query(url, `insert into deliveries (id, project_id, event_id, subscription_id, event_key, status, attempt_count, next_attempt_at, suppressed_reason, created_at, updated_at)
    select 'dlv_b' || g, 'prj_backlog', 'msg_b' || g, 'wh_backlog', 'login_success',
      case when g > $1::int + 20 then 'pending' else (array['succeeded', 'failed', 'suppressed'])[1 + g % 3] end, 1,
      case when g > $1::int + 20 then now() + 30 * ${DAY} end,
      case when g <= $1::int + 20 and g % 3 = 2 then 'no_api_admin' end,
      now() - 100 * ${DAY},
      case when g <= $1::int then now() - 100 * ${DAY} else now() - ${DAY} end
    from generate_series(1, $2::int) g`, [BACKLOG, total]);
  await query(url, `insert into attempts (id, delivery_id, project_id, subscription_id, attempted_at, duration_ms, status_code, response_body, error_class, error_message, succeeded)
    select 'att_b' || g, 'dlv_b' || g, 'prj_backlog', 'wh_backlog', now() - 100 * ${DAY}, 10, 200, 'ok', null, null, true from generate_series(1, $1::int) g`, [total]);
  await query(url, `insert into activities (project_id, id, type, received_at, result)
    select 'prj_backlog', case when g % 2 = 0 then 'preprocess:b' || g else 'act_b' || g end, case when g % 2 = 0 then 'form_preprocess' else 'login' end,
      case when g <= $1::int then now() - 100 * ${DAY} else now() - ${DAY} end, '{}'::jsonb
    from generate_series(1, $2::int) g`, [BACKLOG, total]);
}

const count = async (url: string, sql: string): Promise<number> => Number((await query<{ n: string }>(url, sql))[0]?.n ?? 0);

beforeAll(async () => {
  database = await freshDatabase('housekeeping');
  if (database.url === null) throw new Error('the housekeeping scenario needs a Postgres server');
  const migrated = await openStorage({ databaseUrl: database.url, migrate: true });
  await migrated.close();
  await seedBacklog(database.url);
  // DISABLE_FAILING_WEBHOOKS_AFTER_HOURS=0: the first failed attempt disables (5 days is the domain tests', clock port).
  svc = await startService({ suite: 'housekeeping', databaseUrl: database.url, env: { LOG_LEVEL: 'warn', DISABLE_FAILING_WEBHOOKS_AFTER_HOURS: '0' } });
}, 180_000);

afterAll(async () => {
  writeFigures('housekeeping', startedAt, database?.kind ?? 'none', figures);
  await svc?.stop();
  await database?.drop();
}, 60_000);

describe('retention and endpoint health under load (issue 12, points 10 and 11)', () => {
  it('should prune the backlog past retention without holding up fresh deliveries, and keep the rest', async () => {
    const url = database.url ?? '';
    const began = performance.now();
    const project = await createProject(svc, 'individual', 'Fresh');
    const hook = await subscribe(svc, project, 'login_success', '/fresh');
    const sentAt = new Map<string, number>();
    const pruned = async () =>
      (await count(url, `select count(*) as n from deliveries where project_id = 'prj_backlog'`)) <= 30 &&
      (await count(url, `select count(*) as n from activities where project_id = 'prj_backlog'`)) <= 30;
    let logins = 0;
    while (logins < LOGINS || !(await pruned())) {
      if (performance.now() - began > 170_000) break;
      const id = uid('login');
      sentAt.set(id, performance.now());
      expectStatus(await report(svc, project, { id, type: 'login', via: 'password', user: user(uid('u')) }), 202, 'login');
      logins += 1;
      await new Promise((r) => setTimeout(r, 20));
    }
    figures.prunedInMs = Math.round(performance.now() - began);
    await svc.receiver.waitFor(hook.path, logins, 60_000);
    figures.freshLatencyWhilePruningMs = latencySummary(
      svc.receiver.at(hook.path).map((r) => r.arrivedAt - (sentAt.get(String((r.json['meta_info'] as Record<string, unknown>)['activity_id'])) ?? Number.NaN)),
    );
    figures.kept = {
      deliveries: await count(url, `select count(*) as n from deliveries where project_id = 'prj_backlog'`),
      pending: await count(url, `select count(*) as n from deliveries where project_id = 'prj_backlog' and status = 'pending'`),
      activities: await count(url, `select count(*) as n from activities where project_id = 'prj_backlog'`),
    };
    figures.pruned = {
      deliveries: BACKLOG + 30 - figures.kept.deliveries,
      events: BACKLOG + 30 - (await count(url, `select count(*) as n from events where project_id = 'prj_backlog'`)),
      attempts: BACKLOG + 30 - (await count(url, `select count(*) as n from attempts where project_id = 'prj_backlog'`)),
      activities: BACKLOG + 30 - figures.kept.activities,
    };
    expect(figures.kept).toEqual({ deliveries: 30, pending: 10, activities: 30 });
    expect(figures.pruned).toEqual({ deliveries: BACKLOG, events: BACKLOG, attempts: BACKLOG, activities: BACKLOG });
  }, 240_000);

  it('should disable a webhook failing past its allowance as failing, and leave its neighbours alone', async () => {
    const project = await createProject(svc, 'individual', 'Health');
    const failing = await subscribe(svc, project, 'login_success', '/health/failing');
    svc.receiver.behave(failing.path, { kind: 'reply', status: 500, body: 'down' });
    const neighbours = [await subscribe(svc, project, 'login_success', '/health/ok'), await subscribe(svc, project, 'user_registered', '/health/registered')];
    for (let i = 0; i < 5; i += 1) {
      const who = user(uid('u'));
      expectStatus(await report(svc, project, { type: 'registered', user: who }), 202, 'registered');
      expectStatus(await report(svc, project, { type: 'login', via: 'password', user: who }), 202, 'login');
      await new Promise((r) => setTimeout(r, 300));
    }
    await svc.receiver.waitFor('/health/ok', 5, 30_000);
    const read = async (id: string) => expectStatus(await svc.http.json('GET', `${project.base}/webhooks/${id}`, project.apiAdmin.key), 200, 'webhook');
    const hook = await read(failing.id);
    figures.health.failingDisabled = hook['enabled'] === false && hook['disabledReason'] === 'failing';
    figures.health.failingSinceSet = typeof hook['failingSince'] === 'string';
    figures.health.neighbours = neighbours.length;
    figures.health.neighboursEnabled = (await Promise.all(neighbours.map((n) => read(n.id)))).filter((n) => n['enabled'] === true && n['failingSince'] === null).length;
    const log = await listAll(svc, `${project.base}/deliveries?webhookId=${failing.id}`, project.apiAdmin.key);
    figures.health.suppressedAfter = log.filter((d) => d['status'] === 'suppressed').length;
    figures.health.healthySucceeded = (await listAll(svc, `${project.base}/deliveries?status=succeeded`, project.apiAdmin.key)).length;
    expect(figures.health).toMatchObject({ failingDisabled: true, failingSinceSet: true, neighboursEnabled: 2 });
    expect(figures.health.healthySucceeded).toBe(10);
  }, 120_000);
});
