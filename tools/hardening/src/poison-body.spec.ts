import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Receiver } from '@webhooks/test-kit';
import type { TestDatabase } from './support/database.js';
import { freshDatabase } from './support/database.js';
import { sized, writeFigures } from './support/figures.js';
import type { ProjectFixture } from './support/fixtures.js';
import { createProject, expectStatus, listAll, report, subscribe, uid, user } from './support/fixtures.js';
import { latencySummary } from './support/latency.js';
import { ServiceProcess } from './support/service-process.js';
import { query } from './support/snapshot.js';

/**
 * Poison bodies: receivers answering what Postgres cannot store as it is — NUL, a 4,096-character
 * cut inside an emoji — in some projects, healthy receivers in others, the service as its own
 * process. Every delivery of every project must be recorded, and nothing sent twice: nothing is
 * killed here, so a duplicate is a bug.
 */
const POISON_PROJECTS = sized(2, 6);
const HEALTHY_PROJECTS = sized(2, 6);
const LOGINS = sized(12, 120);
const LEASE_MS = 3000;
/** What each poison path answers (status and body). */
const POISON = {
  nul: { status: 200, body: 'ok\u0000' },
  emoji: { status: 200, body: `${'a'.repeat(4095)}😀` },
  // Retried, then failed: every attempt's completion carries the poison.
  nul500: { status: 500, body: 'down\u0000\u0000' },
} as const;
type Kind = keyof typeof POISON | 'healthy';

const startedAt = new Date();
let database: TestDatabase;
let svc: ServiceProcess;
const figures = {
  projects: { poison: POISON_PROJECTS, healthy: HEALTHY_PROJECTS },
  loginsPerProject: LOGINS,
  expectedDeliveries: (POISON_PROJECTS * Object.keys(POISON).length + HEALTHY_PROJECTS) * LOGINS,
  recorded: 0,
  byKind: {} as Record<string, { deliveries: number; receptions: number; distinct: number; duplicates: number; statuses: Record<string, number>; attempts: number; excerpts: string[] }>,
  healthyLatencyMs: { count: 0, p50: 0, p95: 0, max: 0 },
  drainMs: 0,
  lost: 0,
  duplicates: 0,
  crashes: 0,
};

beforeAll(async () => {
  database = await freshDatabase('poison_body');
  svc = await ServiceProcess.start(
    { ...database.env, WORKER_POLL_MS: '100', WORKER_LEASE_MS: String(LEASE_MS), WORKER_BATCH_SIZE: '20', RETRY_SCHEDULE_MS: '0,100,200', LOG_LEVEL: 'warn' },
    await new Receiver().start(),
  );
}, 120_000);

afterAll(async () => {
  writeFigures('poison-body', startedAt, database?.kind ?? 'none', figures);
  await svc?.stop();
  await svc?.receiver.stop();
  await database?.drop();
}, 60_000);

describe('poison response bodies (issue 12, point 1)', () => {
  it('should record every delivery of every project and send each event once', async () => {
    const projects: { project: ProjectFixture; kinds: Kind[] }[] = [];
    for (let i = 0; i < POISON_PROJECTS; i += 1) {
      const project = await createProject(svc, 'individual', `Poison ${i}`);
      for (const kind of Object.keys(POISON) as (keyof typeof POISON)[]) {
        const hook = await subscribe(svc, project, 'login_success', `/poison-${i}/${kind}`);
        svc.receiver.behave(hook.path, { kind: 'reply', status: POISON[kind].status, body: POISON[kind].body });
      }
      projects.push({ project, kinds: Object.keys(POISON) as Kind[] });
    }
    for (let i = 0; i < HEALTHY_PROJECTS; i += 1) {
      const project = await createProject(svc, 'individual', `Healthy ${i}`);
      await subscribe(svc, project, 'login_success', `/healthy-${i}`);
      projects.push({ project, kinds: ['healthy'] });
    }
    const reportedAt = new Map<string, number>();
    const began = performance.now();
    for (let n = 0; n < LOGINS; n += 1) {
      await Promise.all(
        projects.map(async ({ project }) => {
          const id = uid('login');
          reportedAt.set(id, performance.now());
          expectStatus(await report(svc, project, { id, type: 'login', via: 'password', user: user(uid('u')) }), 202, 'login');
        }),
      );
    }
    const expected = projects.reduce((total, p) => total + p.kinds.length * LOGINS, 0);
    // Every attempt of the failing path too (three by the schedule), and nothing left pending.
    const deadline = Date.now() + 120_000;
    const pending = async () => (await Promise.all(projects.map(async ({ project }) => (await listAll(svc, `${project.base}/deliveries?status=pending`, project.apiAdmin.key)).length))).reduce((a, b) => a + b, 0);
    while ((await pending()) > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    figures.drainMs = Math.round(performance.now() - began);
    // Two more leases: anything whose outcome was not written would be sent again by now.
    await new Promise((r) => setTimeout(r, 2 * LEASE_MS));

    const kindOf = (path: string): Kind => (path.startsWith('/healthy') ? 'healthy' : (path.split('/')[2] as Kind));
    const healthyLatency: number[] = [];
    for (const kind of ['nul', 'emoji', 'nul500', 'healthy'] as Kind[]) {
      const got = svc.receiver.received.filter((r) => kindOf(r.path) === kind);
      const ids = got.map((r) => String(r.headers['webhook-id']));
      const attemptsPerEvent = kind === 'nul500' ? 3 : 1;
      const counted = new Map<string, number>();
      for (const id of ids) counted.set(id, (counted.get(id) ?? 0) + 1);
      const statuses: Record<string, number> = {};
      let deliveries = 0;
      for (const { project, kinds } of projects) {
        if (!kinds.includes(kind)) continue;
        for (const d of await listAll(svc, `${project.base}/deliveries`, project.apiAdmin.key)) {
          const hook = project.webhooks.find((w) => w.id === d['webhookId']);
          if (!hook || kindOf(hook.path) !== kind) continue;
          deliveries += 1;
          statuses[String(d['status'])] = (statuses[String(d['status'])] ?? 0) + 1;
        }
      }
      const excerpts = database.url
        ? (await query<{ body: string | null }>(database.url, `select distinct a.response_body as body from attempts a join subscriptions s on s.id = a.subscription_id where s.url like $1`, [kind === 'healthy' ? '%/healthy-%' : `%/${kind}`])).map((r) => JSON.stringify(r.body === null ? null : r.body.length > 12 ? `${r.body.slice(0, 4)}…(${r.body.length} chars)` : r.body))
        : [];
      const attempts = database.url ? Number((await query<{ n: string }>(database.url, `select count(*) as n from attempts a join subscriptions s on s.id = a.subscription_id where s.url like $1`, [kind === 'healthy' ? '%/healthy-%' : `%/${kind}`]))[0]?.n ?? 0) : 0;
      const duplicates = [...counted.values()].reduce((sum, n) => sum + Math.max(0, n - attemptsPerEvent), 0);
      figures.byKind[kind] = { deliveries, receptions: ids.length, distinct: counted.size, duplicates, statuses, attempts, excerpts };
      figures.duplicates += duplicates;
      figures.lost += Math.max(0, projects.filter((p) => p.kinds.includes(kind)).length * LOGINS - counted.size);
      const activityOf = (r: (typeof got)[number]) => String((r.json['meta_info'] as Record<string, unknown> | undefined)?.['activity_id']);
      if (kind === 'healthy') for (const r of got) healthyLatency.push(r.arrivedAt - (reportedAt.get(activityOf(r)) ?? Number.NaN));
    }
    figures.healthyLatencyMs = latencySummary(healthyLatency);
    figures.crashes = svc.crashes.length;

    expect(figures.crashes).toBe(0);
    expect(figures.lost).toBe(0);
    expect(figures.duplicates).toBe(0);
    figures.recorded = Object.values(figures.byKind).reduce((sum, k) => sum + k.deliveries, 0);
    expect(figures.recorded).toBe(expected);
    expect(figures.byKind['nul']?.statuses).toEqual({ succeeded: POISON_PROJECTS * LOGINS });
    expect(figures.byKind['emoji']?.statuses).toEqual({ succeeded: POISON_PROJECTS * LOGINS });
    expect(figures.byKind['nul500']?.statuses).toEqual({ failed: POISON_PROJECTS * LOGINS });
    expect(figures.byKind['healthy']?.statuses).toEqual({ succeeded: HEALTHY_PROJECTS * LOGINS });
    if (database.url) expect(figures.byKind['nul500']?.attempts).toBe(3 * POISON_PROJECTS * LOGINS);
  }, 240_000);
});
