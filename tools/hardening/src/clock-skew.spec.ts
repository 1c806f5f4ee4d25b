import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { TOKENS } from '@webhooks/domain';
import type { AttemptObserver, Clock, DeliveryWorker, ProjectAdministration, ReportActivity, WebhookAdministration } from '@webhooks/domain';
import { openStorage } from '@webhooks/storage-postgres';
import type { StorageHandle } from '@webhooks/storage-postgres';
import { LogOutput, USE_CASES, createLogger, createServiceContainer, domainContainerModule, readConfig } from '@webhooks/composition';
import type { ServiceConfig, WorkerProcess } from '@webhooks/composition';
import { Receiver } from '@webhooks/test-kit';
import type { Received } from '@webhooks/test-kit';
import { Container } from 'inversify';
import type { TestDatabase } from './support/database.js';
import { freshDatabase } from './support/database.js';
import { sized, writeFigures } from './support/figures.js';

/**
 * Clock skew: three workers over one Postgres, one on time, one two minutes ahead, one two minutes
 * behind, all sending the same stream. Each event's first attempt is answered 500 (slowly, so
 * sends are in flight when other workers claim), its retry — due 3 s (± 20 %) later — 200. By the
 * database's clock nobody takes a lease another holds, no retry goes early or late, and with
 * nothing killed, no event is sent more than its two attempts.
 */
const EVENTS = sized(40, 400);
const SKEW_MS = 2 * 60_000;
const RETRY_MS = 3_000;
const ANSWER_AFTER_MS = 150;
/** What scheduling on a busy machine may add to a retry's due time. */
const LATE_SLACK_MS = 2_500;

const startedAt = new Date();
let database: TestDatabase;
let storage: StorageHandle;
let container: Container;
let config: ServiceConfig;
let receiver: Receiver;
let url = '';
const figures = {
  events: EVENTS,
  workers: [{ name: 'on time', skewMs: 0 }, { name: 'ahead', skewMs: SKEW_MS }, { name: 'behind', skewMs: -SKEW_MS }],
  retryDelayMs: RETRY_MS,
  receptions: 0,
  overlapping: 0,
  earlyRetries: 0,
  lateRetries: 0,
  duplicates: 0,
  lost: 0,
  retryGapMs: { min: 0, max: 0 },
  sentBy: {} as Record<string, number>,
  drainMs: 0,
};

beforeAll(async () => {
  database = await freshDatabase('clock_skew');
  if (database.url === null) throw new Error('the clock-skew scenario needs a Postgres server (several workers on one database)');
  receiver = await new Receiver().start();
  receiver.behave('/skew', { kind: 'sequence', statuses: [500, 200], per: 'message', afterMs: ANSWER_AFTER_MS });
  url = receiver.url('/skew');
  storage = await openStorage({ databaseUrl: database.url, migrate: true });
  config = readConfig({
    DATABASE_URL: database.url,
    ALLOW_HTTP_TARGETS: 'true',
    ALLOW_PRIVATE_TARGETS: 'true',
    RETRY_SCHEDULE_MS: `0,${RETRY_MS}`,
    WORKER_LEASE_MS: '30000',
    WORKER_POLL_MS: '100',
    WORKER_BATCH_SIZE: '10',
    WORKER_CONCURRENCY: '8',
  });
  container = createServiceContainer(config, storage, createLogger('warn', new LogOutput(process.stderr, config.logBufferBytes)));
}, 60_000);

afterAll(async () => {
  writeFigures('clock-skew', startedAt, database?.kind ?? 'none', figures);
  await container?.unbindAllAsync();
  await storage?.close();
  await receiver?.stop();
  await database?.drop();
}, 60_000);

describe('workers whose clocks disagree (issue 12, point 6)', () => {
  it('should claim nothing another worker holds and send every retry on time, by the database clock', async () => {
    const projects = container.get<ProjectAdministration>(USE_CASES.ProjectAdministration);
    const created = await projects.createProject({ name: 'Clock skew', system: 'individual' });
    if (created.kind !== 'ok') throw new Error('project');
    const projectId = created.value.project.id;
    await projects.addAdmin(projectId, { email: 'a@example.com', apiAdmin: true });
    const hook = await container.get<WebhookAdministration>(USE_CASES.WebhookAdministration).create(projectId, { event: 'login_success', url, timeoutMs: 5000 });
    if (hook.kind !== 'ok') throw new Error(JSON.stringify(hook));

    const stop = new AbortController();
    const running = figures.workers.map(({ name, skewMs }) => {
      const clock: Clock = { now: () => new Date(Date.now() + skewMs) };
      figures.sentBy[name] = 0;
      // The service's worker, with its own clock, name and count bound over the service's container.
      const own = new Container({ parent: container });
      own.load(domainContainerModule(config.domain));
      own.bind<Clock>(TOKENS.Clock).toConstantValue(clock);
      own.bind<WorkerProcess>(USE_CASES.WorkerProcess).toConstantValue({ workerId: `skew-${name}` });
      own.bind<AttemptObserver>(TOKENS.AttemptObserver).toConstantValue({ attempted: () => void (figures.sentBy[name] = (figures.sentBy[name] ?? 0) + 1) });
      return own.get<DeliveryWorker>(USE_CASES.DeliveryWorker).run(stop.signal);
    });
    const began = performance.now();
    const report = container.get<ReportActivity>(USE_CASES.ReportActivity);
    for (let i = 0; i < EVENTS; i += 1) {
      const done = await report.execute(projectId, { id: `login-${i}`, type: 'login', via: 'password', origin: 'applicant', occurredAt: new Date(), user: { id: `u${i}`, username: `u${i}` } });
      if (done.kind !== 'ok') throw new Error('report');
      if (i % 10 === 9) await new Promise((r) => setTimeout(r, 50));
    }
    const deadline = Date.now() + 60_000 + SKEW_MS;
    while ((await storage.queue.pendingCount()) > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    figures.drainMs = Math.round(performance.now() - began);
    // A retry scheduled by a fast worker's own clock would come two minutes late: the deadline
    // above is long enough to see it; one scheduled by a slow worker's would come at once.
    stop.abort();
    await Promise.all(running);

    // webhook-id → what arrived of it, in order; a request arriving while an earlier one of its message is still open overlaps.
    const arrivals = new Map<string, Received[]>();
    for (const request of receiver.at('/skew')) {
      const id = String(request.headers['webhook-id']);
      const earlier = arrivals.get(id) ?? [];
      if (earlier.some((e) => e.closedAt === null || e.closedAt > request.arrivedAt)) figures.overlapping += 1;
      arrivals.set(id, [...earlier, request]);
    }
    const gaps: number[] = [];
    for (const requests of arrivals.values()) {
      const times = requests.map((r) => r.arrivedAt);
      figures.receptions += times.length;
      figures.duplicates += Math.max(0, times.length - 2);
      const [first, second] = times;
      if (first === undefined || second === undefined) continue;
      const gap = second - first;
      gaps.push(gap);
      if (gap < RETRY_MS * 0.8) figures.earlyRetries += 1;
      if (gap > RETRY_MS * 1.2 + ANSWER_AFTER_MS + LATE_SLACK_MS) figures.lateRetries += 1;
    }
    figures.lost = EVENTS - [...arrivals.values()].filter((t) => t.length >= 2).length;
    figures.retryGapMs = { min: Math.round(Math.min(...gaps)), max: Math.round(Math.max(...gaps)) };
    const statuses = await storage.db.selectFrom('deliveries').select(['status', 'attempt_count']).execute();
    expect(statuses.every((s) => s.status === 'succeeded' && s.attempt_count === 2)).toBe(true);
    expect(figures).toMatchObject({ overlapping: 0, earlyRetries: 0, lateRetries: 0, duplicates: 0, lost: 0 });
  }, 240_000 + SKEW_MS);
});
