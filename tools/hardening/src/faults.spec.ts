import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createDatabase } from './support/database.js';
import type { ProjectFixture, WebhookFixture } from './support/fixtures.js';
import { bodyOf, createProject, expectStatus, listAll, putForm, settled, subscribe, uid, user } from './support/fixtures.js';
import { SOAK, sized, writeFigures } from './support/figures.js';
import type { StopMode } from './support/private-postgres.js';
import { PrivatePostgres } from './support/private-postgres.js';
import { Receiver } from '@webhooks/test-kit';
import { ServiceProcess } from './support/service-process.js';
import { query } from './support/snapshot.js';

/** Activities reported under load, and how many times Postgres goes down meanwhile. */
const ACTIVITIES = sized(240, 3000);
const RESTARTS = sized(1, 4);
const PRODUCERS = 8;
/** How long Postgres stays down each time (long enough for /ready to be asked a few times). */
const DOWN_MS = sized(1500, 3000);
/** Timeouts of the slow-receiver cases, and the slack allowed over them (scheduling, a busy CI machine). */
const NOTIFY_TIMEOUT_MS = 1000;
const INTERACTIVE_TIMEOUT_MS = 800;
const DEADLINE_MS = 1500;
const SLACK_MS = 1000;
const WORKER_CONCURRENCY = 4;
const DB_PASSWORD = `faults-db-password-${process.pid}`;

const startedAt = new Date();
let cluster: PrivatePostgres;
let databaseUrl: string;
/** The service in its own process, restarted if it dies (each death recorded). */
let svc: ServiceProcess;
/** A second receiver: another host:port, so the per-host limit of the hanging one does not apply to it. */
let healthy: Receiver;

const figures = {
  postgres: { cluster: '', restarts: [] as { mode: StopMode; downMs: number; recoveredInMs: number | null; underLoad: boolean }[], ready503: 0, readyChecks: 0, readyNoAnswer: 0, idleRestartReady503: 0 },
  logs: { lines: 0, withDatabasePassword: 0 },
  crashes: { underLoad: 0, knownBug: 0, other: 0, idle: 0, signatures: [] as string[] },
  load: { activities: ACTIVITIES, accepted: 0, refusedWhileDown: 0, refusedStatuses: {} as Record<string, number>, retriedUntilAccepted: 0, expectedDeliveries: 0, delivered: 0, receptions: 0, duplicates: 0, lost: 0, unverified: 0, logStatuses: {} as Record<string, number>, drainMs: 0 },
  slowReceivers: { interactiveHangMs: 0, interactiveHeldMs: 0, deadlineMs: 0, deadlineHeldMs: 0, interactiveDripMs: 0, notifyHangHeldMaxMs: 0, notifyHangRequests: 0, notifyDripHeldMaxMs: 0, healthyDeliveredWhileHangingMs: 0 },
};

beforeAll(async () => {
  cluster = await PrivatePostgres.create();
  figures.postgres.cluster = `initdb as ${process.getuid?.() === 0 ? 'the postgres OS user (runuser)' : 'the current user'}, 127.0.0.1:${cluster.port}`;
  databaseUrl = await createDatabase(cluster.url(), 'webhooks_faults');
  // A password in the URL (trust auth ignores it): it must stay out of the logs, crashes included.
  const withPassword = new URL(databaseUrl);
  withPassword.password = DB_PASSWORD;
  const receiver = await new Receiver().start();
  svc = await ServiceProcess.start(
    {
      DATABASE_URL: withPassword.toString(),
      WORKER_POLL_MS: '100',
      // Deliveries a dead process had claimed come back when their lease lapses: short here, so a crash costs seconds.
      WORKER_LEASE_MS: '5000',
      WORKER_CONCURRENCY: String(WORKER_CONCURRENCY),
      WORKER_PER_HOST_CONCURRENCY: String(WORKER_CONCURRENCY),
      RETRY_SCHEDULE_MS: '0,200,500,1000,1000,2000,2000,3000,3000,5000',
      INTERACTIVE_DEADLINE_MS: String(DEADLINE_MS),
    },
    receiver,
  );
  healthy = await new Receiver().start();
}, 60_000);

afterAll(async () => {
  figures.logs = { lines: svc?.logs.length ?? 0, withDatabasePassword: svc?.logs.filter((l) => l.includes(DB_PASSWORD)).length ?? 0 };
  writeFigures('faults', startedAt, 'postgres (private cluster)', figures);
  await healthy?.stop();
  await svc?.stop();
  await svc?.receiver.stop();
  await cluster?.remove();
}, 60_000);

/** Whether a crash is BUG-7: an unhandled 'error' event of a pg client whose connection the server ended. */
const isBug7 = (tail: string) => /Unhandled 'error' event|Emitted 'error' event on Client/.test(tail) && /57P01|Connection terminated unexpectedly|terminating connection/.test(tail);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls /ready until stopped; records every answer with its time. */
function pollReadiness(): { stop: () => Promise<{ at: number; status: number }[]> } {
  const seen: { at: number; status: number }[] = [];
  let running = true;
  const loop = (async () => {
    while (running) {
      const status = await svc.http.json('GET', '/ready', undefined).then((a) => a.status, () => 0);
      seen.push({ at: performance.now(), status });
      await sleep(100);
    }
  })();
  return {
    stop: async () => {
      running = false;
      await loop;
      return seen;
    },
  };
}

describe('faults under load', () => {
  describe('when Postgres restarts while activities stream in and deliveries go out', () => {
    let project: ProjectFixture;
    const hooks: WebhookFixture[] = [];
    /** activity id → deliveries the service said it queued. */
    const accepted = new Map<string, number>();

    it('should lose no accepted activity: every one delivered, signed, and logged succeeded (the process supervised)', async () => {
      project = await createProject(svc);
      hooks.push(await subscribe(svc, project, 'user_registered', '/load/registered'), await subscribe(svc, project, 'login_success', '/load/login'));
      const readiness = pollReadiness();
      const activities = Array.from({ length: ACTIVITIES }, (_, i) => {
        const who = user(`load-${i}`);
        return i % 2 === 0 ? { id: `load-reg-${i}`, type: 'registered', user: who } : { id: `load-login-${i}`, type: 'login', via: 'password', user: user(`load-${i - 1}`) };
      });
      let next = 0;
      const producer = async () => {
        for (let i = next++; i < activities.length; i = next++) {
          const activity = activities[i]!;
          // A platform retries with the same id until it is accepted; the service answers a repeat the same.
          for (let attempt = 0; ; attempt += 1) {
            const answer = await svc.http
              .json('POST', `${project.base}/activities`, project.platformKey, { origin: 'applicant', occurredAt: new Date().toISOString(), ...activity })
              .catch(() => null);
            if (answer?.status === 202) {
              const events = bodyOf(answer)['events'] as { deliveries: number }[];
              accepted.set(activity.id, events.reduce((n, e) => n + e.deliveries, 0));
              if (attempt > 0) figures.load.retriedUntilAccepted += 1;
              break;
            }
            figures.load.refusedWhileDown += 1;
            const status = String(answer?.status ?? 'no answer');
            figures.load.refusedStatuses[status] = (figures.load.refusedStatuses[status] ?? 0) + 1;
            if (attempt > 600) throw new Error(`activity ${activity.id} never accepted: last ${status}`);
            await sleep(100);
          }
        }
      };
      const injector = async () => {
        for (let r = 0; r < RESTARTS; r += 1) {
          while (accepted.size < ((r + 1) * ACTIVITIES) / (RESTARTS + 2)) await sleep(20);
          const mode: StopMode = r % 2 === 0 ? 'fast' : 'immediate';
          await cluster.stop(mode);
          await sleep(DOWN_MS);
          await cluster.start();
          const up = performance.now();
          let recoveredInMs: number | null = null;
          for (let waited = 0; waited < 30_000; waited += 50) {
            if ((await svc.http.json('GET', '/ready', undefined).catch(() => null))?.status === 200) {
              recoveredInMs = Math.round(performance.now() - up);
              break;
            }
            await sleep(50);
          }
          figures.postgres.restarts.push({ mode, downMs: DOWN_MS, recoveredInMs, underLoad: true });
        }
      };
      await Promise.all([...Array.from({ length: PRODUCERS }, producer), injector()]);
      await svc.settled();
      const seen = await readiness.stop();
      figures.crashes.underLoad = svc.crashes.length;
      figures.crashes.knownBug = svc.crashes.filter((c) => isBug7(c.tail)).length;
      figures.crashes.other = svc.crashes.length - figures.crashes.knownBug;
      figures.crashes.signatures = [...new Set(svc.crashes.map((c) => (/^(?:error|Error): .*$/m.exec(c.tail)?.[0] ?? `exit ${c.code} ${c.signal}`).slice(0, 120)))];
      figures.postgres.readyNoAnswer = seen.filter((s) => s.status === 0).length;
      figures.postgres.readyChecks = seen.length;
      figures.postgres.ready503 = seen.filter((s) => s.status === 503).length;
      figures.load.accepted = accepted.size;
      figures.load.expectedDeliveries = [...accepted.values()].reduce((n, d) => n + d, 0);

      // Every accepted activity's deliveries arrive, signed (bounded wait), and the log says succeeded.
      const drainStart = performance.now();
      const deliveredIds = () => new Set(hooks.flatMap((h) => svc.receiver.at(h.path)).map((r) => String(r.headers['webhook-id'])));
      while (deliveredIds().size < figures.load.expectedDeliveries && performance.now() - drainStart < 90_000) await sleep(100);
      await settled(svc, project, 60_000);
      figures.load.drainMs = Math.round(performance.now() - drainStart);
      const received = hooks.flatMap((h) => svc.receiver.at(h.path));
      const byActivity = new Set(received.filter((r) => r.verified).map((r) => String((r.json['meta_info'] as { activity_id?: string } | undefined)?.activity_id)));
      figures.load.receptions = received.length;
      figures.load.delivered = deliveredIds().size;
      figures.load.duplicates = received.length - figures.load.delivered;
      figures.load.unverified = received.filter((r) => !r.verified).length;
      figures.load.lost = [...accepted].filter(([id, deliveries]) => deliveries > 0 && !byActivity.has(id)).length;
      for (const d of await listAll(svc, `${project.base}/deliveries`, project.apiAdmin.key)) {
        figures.load.logStatuses[String(d['status'])] = (figures.load.logStatuses[String(d['status'])] ?? 0) + 1;
      }

      expect(figures.postgres.restarts.length).toBe(RESTARTS);
      expect(figures.postgres.restarts.every((r) => r.recoveredInMs !== null)).toBe(true);
      // The process survives the restart: no crash at all (BUG-7 was one).
      expect(svc.crashes.map((c) => c.tail.slice(-1500))).toEqual([]);
      // Not ready while down: answered 503.
      expect(figures.postgres.ready503).toBeGreaterThan(0);
      // Reports refused while the database was down were answered 503 (with Retry-After), never 500.
      expect(Object.keys(figures.load.refusedStatuses).filter((status) => status !== '503' && status !== 'no answer')).toEqual([]);
      expect(figures.load.accepted).toBe(ACTIVITIES);
      expect(figures.load.expectedDeliveries).toBe(ACTIVITIES);
      expect(figures.load.lost).toBe(0);
      expect(figures.load.unverified).toBe(0);
      expect(figures.load.delivered).toBe(figures.load.expectedDeliveries);
      expect(figures.load.logStatuses).toEqual({ succeeded: figures.load.expectedDeliveries });
    }, SOAK ? 600_000 : 120_000);

    it('should be ready again by itself once Postgres is back', async () => {
      expect((await svc.http.json('GET', '/ready', undefined)).status).toBe(200);
      expect((await svc.http.json('GET', '/health', undefined)).status).toBe(200);
    });
  });

  describe('when Postgres restarts while the service is idle', () => {
    it('should answer /ready 503 while down, 200 again by itself without a restart, and deliver again', async () => {
      const project = await createProject(svc);
      const hook = await subscribe(svc, project, 'login_success', '/idle/login');
      const pid = svc.pids[svc.pids.length - 1];
      const crashesBefore = svc.crashes.length;
      await cluster.stop('fast');
      const statuses: number[] = [];
      for (let i = 0; i < 10; i += 1) {
        statuses.push((await svc.http.json('GET', '/ready', undefined).catch(() => null))?.status ?? 0);
        await sleep(100);
      }
      await cluster.start();
      const up = performance.now();
      let recoveredInMs: number | null = null;
      for (let waited = 0; waited < 30_000 && recoveredInMs === null; waited += 50) {
        if ((await svc.http.json('GET', '/ready', undefined).catch(() => null))?.status === 200) recoveredInMs = Math.round(performance.now() - up);
        else await sleep(50);
      }
      figures.postgres.idleRestartReady503 = statuses.filter((s) => s === 503).length;
      figures.postgres.restarts.push({ mode: 'fast', downMs: 1000, recoveredInMs, underLoad: false });
      figures.crashes.idle = svc.crashes.length - crashesBefore;
      expect(statuses.every((s) => s === 503)).toBe(true);
      expect(recoveredInMs).not.toBeNull();
      expect(svc.crashes.length).toBe(crashesBefore);
      expect(svc.pids[svc.pids.length - 1]).toBe(pid);
      expectStatus(await svc.http.json('POST', `${project.base}/activities`, project.platformKey, { id: uid('after'), type: 'login', via: 'password', origin: 'applicant', occurredAt: new Date().toISOString(), user: user('after') }), 202, 'after restart');
      const [got] = await svc.receiver.waitFor(hook.path, 1, 15_000);
      expect(got?.verified).toBe(true);
    }, 60_000);
  });

  // BUG-7, found by this suite: a connection ended mid-transaction crashed the process (an unheard
  // 'error' event of a checked-out pg client). Fixed in storage-postgres; this is its regression test.
  describe('when the server ends a connection a storage transaction holds (a regression of a bug these suites found, now fixed)', () => {
    it('BUG-7: should fail that transaction and keep the process alive', async () => {
      const probeUrl = await createDatabase(cluster.url(), 'webhooks_probe');
      const probe = spawn(process.execPath, ['--conditions=@webhooks/source', '--import', 'tsx', fileURLToPath(new URL('./support/storage-crash-probe.ts', import.meta.url))], {
        env: { ...process.env, NODE_OPTIONS: '', DATABASE_URL: probeUrl },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let out = '';
      let err = '';
      probe.stdout.on('data', (c: Buffer) => (out += c.toString()));
      probe.stderr.on('data', (c: Buffer) => (err += c.toString()));
      const exited = new Promise<number | null>((resolve) => probe.once('exit', (code) => resolve(code)));
      const deadline = performance.now() + 30_000;
      while (!out.includes('IN_TRANSACTION') && performance.now() < deadline && probe.exitCode === null) await sleep(20);
      await query(cluster.url(), "select pg_terminate_backend(pid) from pg_stat_activity where datname = 'webhooks_probe' and state = 'idle in transaction'");
      const code = await exited;
      figures.crashes.signatures.push(`probe: exit ${code}; ${(/^(?:error|Error): .*$/m.exec(err)?.[0] ?? out.trim().split('\n').pop() ?? '').slice(0, 120)}`);
      expect(out).toContain('SURVIVED');
      expect(code).toBe(0);
    }, 60_000);
  });

  describe('when an interactive subscriber hangs forever or answers byte by byte', () => {
    let project: ProjectFixture;

    beforeAll(async () => {
      project = await createProject(svc);
      await putForm(svc, project, 'slow');
    });

    const interact = async (moment: string) => {
      const started = performance.now();
      const answer = await svc.http.json('POST', `${project.base}/forms/slow/${moment}`, project.platformKey, {
        id: uid(moment),
        origin: 'applicant',
        user: user('slow-user'),
        doc: { a: 1 },
        ...(moment === 'submissions' ? { complete: true } : {}),
      });
      return { ms: Math.round(performance.now() - started), body: expectStatus(answer, 200, moment) };
    };

    it('should answer the platform by the webhook timeout, with the failure, and let go of the connection', async () => {
      const hook = await subscribe(svc, project, 'form_preprocess', '/slow/hang-pre', { timeoutMs: INTERACTIVE_TIMEOUT_MS, failurePolicy: 'open' });
      svc.receiver.behave(hook.path, { kind: 'hang' });
      const { ms, body } = await interact('preprocess');
      figures.slowReceivers.interactiveHangMs = ms;
      expect(ms).toBeLessThan(INTERACTIVE_TIMEOUT_MS + SLACK_MS);
      expect(body['proceed']).toBe(true);
      expect(body['failures']).toEqual([expect.objectContaining({ webhookId: hook.id })]);
      const [request] = svc.receiver.at(hook.path);
      await waitUntil(() => request?.closedAt !== null);
      figures.slowReceivers.interactiveHeldMs = Math.round((request?.closedAt ?? Infinity) - (request?.arrivedAt ?? 0));
      expect(figures.slowReceivers.interactiveHeldMs).toBeLessThan(INTERACTIVE_TIMEOUT_MS + SLACK_MS);
      await disable(project, hook);
    });

    it('should answer by the interactive deadline when the webhook timeout is longer', async () => {
      const hook = await subscribe(svc, project, 'form_submit_slow', '/slow/hang-submit', { timeoutMs: 10_000, failurePolicy: 'closed' });
      svc.receiver.behave(hook.path, { kind: 'hang' });
      const { ms, body } = await interact('submissions');
      figures.slowReceivers.deadlineMs = ms;
      expect(ms).toBeLessThan(DEADLINE_MS + SLACK_MS);
      expect(body['proceed']).toBe(false);
      const [request] = svc.receiver.at(hook.path);
      await waitUntil(() => request?.closedAt !== null);
      figures.slowReceivers.deadlineHeldMs = Math.round((request?.closedAt ?? Infinity) - (request?.arrivedAt ?? 0));
      expect(figures.slowReceivers.deadlineHeldMs).toBeLessThan(DEADLINE_MS + SLACK_MS);
      await disable(project, hook);
    });

    it('should cut off a subscriber that answers one byte at a time at the timeout', async () => {
      const hook = await subscribe(svc, project, 'form_load_slow', '/slow/drip-load', { timeoutMs: INTERACTIVE_TIMEOUT_MS, failurePolicy: 'open' });
      svc.receiver.behave(hook.path, { kind: 'drip', everyMs: 50 });
      const { ms, body } = await interact('load');
      figures.slowReceivers.interactiveDripMs = ms;
      expect(ms).toBeLessThan(INTERACTIVE_TIMEOUT_MS + SLACK_MS);
      expect(body['failures']).toEqual([expect.objectContaining({ webhookId: hook.id })]);
      const [request] = svc.receiver.at(hook.path);
      await waitUntil(() => request?.closedAt !== null);
      expect((request?.closedAt ?? Infinity) - (request?.arrivedAt ?? 0)).toBeLessThan(INTERACTIVE_TIMEOUT_MS + SLACK_MS);
      await disable(project, hook);
    });
  });

  describe('when notify subscribers hang forever or answer byte by byte', () => {
    let project: ProjectFixture;

    beforeAll(async () => {
      project = await createProject(svc);
    });

    it('should free each worker slot at the timeout, so other deliveries keep going', async () => {
      const hang = await subscribe(svc, project, 'login_success', '/slow/hang-notify', { timeoutMs: NOTIFY_TIMEOUT_MS });
      svc.receiver.behave(hang.path, { kind: 'hang' });
      const created = expectStatus(await svc.http.json('POST', `${project.base}/webhooks`, project.apiAdmin.key, { event: 'user_registered', url: healthy.url('/healthy') }), 201, 'healthy');
      healthy.secret('/healthy', String(created['secret']));
      // Twice as many hanging deliveries as worker slots, then healthy ones behind them.
      const hanging = WORKER_CONCURRENCY * 2;
      for (let i = 0; i < hanging; i += 1) expectStatus(await svc.http.json('POST', `${project.base}/activities`, project.platformKey, { id: uid('hang'), type: 'login', via: 'password', origin: 'applicant', occurredAt: new Date().toISOString(), user: user(`h${i}`) }), 202, 'hang');
      const queuedAt = performance.now();
      for (let i = 0; i < 4; i += 1) expectStatus(await svc.http.json('POST', `${project.base}/activities`, project.platformKey, { id: uid('ok'), type: 'registered', origin: 'applicant', occurredAt: new Date().toISOString(), user: user(`ok${i}`) }), 202, 'healthy');
      await healthy.waitFor('/healthy', 4, 30_000);
      figures.slowReceivers.healthyDeliveredWhileHangingMs = Math.round(performance.now() - queuedAt);
      await svc.receiver.waitFor(hang.path, hanging, 30_000);
      await waitUntil(() => svc.receiver.at(hang.path).slice(0, hanging).every((r) => r.closedAt !== null), 30_000);
      const held = svc.receiver.at(hang.path).filter((r) => r.closedAt !== null).map((r) => (r.closedAt ?? 0) - r.arrivedAt);
      figures.slowReceivers.notifyHangRequests = held.length;
      figures.slowReceivers.notifyHangHeldMaxMs = Math.round(Math.max(...held));
      expect(Math.max(...held)).toBeLessThan(NOTIFY_TIMEOUT_MS + SLACK_MS);
      expect(healthy.at('/healthy').every((r) => r.verified)).toBe(true);
      // Each hanging round holds every slot for one timeout: the healthy ones wait at most two rounds.
      expect(figures.slowReceivers.healthyDeliveredWhileHangingMs).toBeLessThan(3 * (NOTIFY_TIMEOUT_MS + SLACK_MS));
      const attempts = await attemptsOf(project, hang);
      expect(attempts.length).toBeGreaterThan(0);
      expect(attempts.every((a) => a.errorClass === 'timeout' && a.durationMs < NOTIFY_TIMEOUT_MS + SLACK_MS)).toBe(true);
      await disable(project, hang);
    }, 60_000);

    it('should cut off a receiver that answers one byte at a time at the timeout, and retry', async () => {
      const drip = await subscribe(svc, project, 'edit_user_credentials', '/slow/drip-notify', { timeoutMs: NOTIFY_TIMEOUT_MS });
      svc.receiver.behave(drip.path, { kind: 'drip', everyMs: 50 });
      expectStatus(await svc.http.json('POST', `${project.base}/activities`, project.platformKey, { id: uid('drip'), type: 'credentials_changed', changed: ['username'], origin: 'applicant', occurredAt: new Date().toISOString(), user: user('drip') }), 202, 'drip');
      const [first] = await svc.receiver.waitFor(drip.path, 2, 15_000);
      await waitUntil(() => first?.closedAt !== null);
      figures.slowReceivers.notifyDripHeldMaxMs = Math.round((first?.closedAt ?? Infinity) - (first?.arrivedAt ?? 0));
      expect(figures.slowReceivers.notifyDripHeldMaxMs).toBeLessThan(NOTIFY_TIMEOUT_MS + SLACK_MS);
      const attempts = await attemptsOf(project, drip);
      expect(attempts[0]).toMatchObject({ errorClass: 'timeout', succeeded: false });
      await disable(project, drip);
    }, 30_000);
  });
});

describe('faults, afterwards', () => {
  describe('when the logs of the service (crashes and restarts included) are searched', () => {
    it('should not contain the database password', () => {
      expect(svc.logs.length).toBeGreaterThan(10);
      expect(svc.logs.filter((l) => l.includes(DB_PASSWORD))).toEqual([]);
    });
  });
});

/** Every attempt of every delivery of a webhook. */
async function attemptsOf(project: ProjectFixture, hook: WebhookFixture): Promise<{ errorClass: string | null; durationMs: number; succeeded: boolean }[]> {
  const out = [];
  for (const d of await listAll(svc, `${project.base}/deliveries?webhookId=${hook.id}`, project.apiAdmin.key)) {
    const detail = expectStatus(await svc.http.json('GET', `${project.base}/deliveries/${String(d['id'])}`, project.apiAdmin.key), 200, 'delivery');
    out.push(...(detail['attempts'] as { errorClass: string | null; durationMs: number; succeeded: boolean }[]));
  }
  return out;
}

/** Turns a webhook off, so its retries stop bothering the next case. */
async function disable(project: ProjectFixture, hook: WebhookFixture): Promise<void> {
  expectStatus(await svc.http.json('PATCH', `${project.base}/webhooks/${hook.id}`, project.apiAdmin.key, { enabled: false }), 200, 'disable');
}

async function waitUntil(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!condition()) {
    if (performance.now() > deadline) throw new Error('condition not met in time');
    await sleep(20);
  }
}
