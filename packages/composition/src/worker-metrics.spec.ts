import { afterEach, describe, expect, it } from '@jest/globals';
import type { AttemptReport } from '@webhooks/domain';
import { InMemoryStorage, ManualClock, aDelivery, aProject, aSubscription, anEvent } from '@webhooks/domain/testing';
import { pino } from 'pino';
import { attemptLog } from './attempt-log.js';
import type { WorkerMetrics } from './worker-metrics.js';
import { queueStatsOf, serveWorkerMetrics } from './worker-metrics.js';

/** A report of the worker's, `over` on top. */
const report = (over: Partial<AttemptReport>): AttemptReport => ({
  source: 'worker',
  deliveryId: 'dlv_1',
  webhookId: 'wh_1',
  projectId: 'prj_1',
  eventKey: 'form_submit_42',
  attempt: 1,
  outcome: 'succeeded',
  statusCode: 200,
  durationMs: 120,
  errorClass: null,
  eventCreatedAt: new Date('2026-01-01T00:00:00Z'),
  finishedAt: new Date('2026-01-01T00:00:03Z'),
  retryInMs: null,
  ...over,
});

describe('serveWorkerMetrics', () => {
  let served: WorkerMetrics | null = null;
  let ready = true;
  afterEach(async () => {
    await served?.close();
    served = null;
    ready = true;
  });

  async function start(metricsToken: string | null = null) {
    const storage = new InMemoryStorage();
    served = await serveWorkerMetrics({
      port: 0,
      host: '127.0.0.1',
      queue: storage,
      ready: async () => ready,
      logger: pino({ level: 'silent' }),
      metricsToken,
    });
    const base = `http://127.0.0.1:${served.port}`;
    return { served, get: (path: string, init?: RequestInit) => fetch(`${base}${path}`, init) };
  }

  it('should serve the delivery, attempt and queue metrics in Prometheus text, counting outcomes by event pattern', async () => {
    const { served, get } = await start();
    const observer = attemptLog(pino({ level: 'silent' }), served.metrics);
    observer.attempted(report({}));
    observer.attempted(report({ deliveryId: 'dlv_2', outcome: 'retry', statusCode: 500, errorClass: 'http_status', retryInMs: 5_000 }));
    observer.attempted(report({ eventKey: 'form_submit_43', source: 'test' }));
    const answer = await get('/metrics');
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toContain('text/plain');
    const text = await answer.text();
    expect(text).toContain('webhook_deliveries_total{event="form_submit_{form}",outcome="succeeded"} 1');
    expect(text).toContain('webhook_deliveries_total{event="form_submit_{form}",outcome="retry"} 1');
    expect(text).toContain('webhook_attempt_duration_seconds_count 2');
    expect(text).toContain('webhook_event_to_delivery_seconds_count 1');
    expect(text).toContain('webhook_event_to_delivery_seconds_sum 3');
    expect(text).toContain('webhook_queue_depth{state="due"} 0');
    expect(text).toContain('webhook_failing_webhooks 0');
    expect(text).toContain('process_cpu_user_seconds_total');
  });

  it('should answer /health always, /ready by the database, and nothing else', async () => {
    const { get } = await start();
    expect((await get('/health')).status).toBe(200);
    expect((await get('/ready')).status).toBe(200);
    ready = false;
    const notReady = await get('/ready');
    expect([notReady.status, await notReady.json()]).toEqual([503, { status: 'not-ready' }]);
    expect((await get('/nothing')).status).toBe(404);
    expect((await get('/metrics', { method: 'POST', body: 'x' })).status).toBe(405);
    expect((await get('/health', { method: 'HEAD' })).status).toBe(200);
  });

  describe('when a metrics token is set', () => {
    it('should answer /metrics only to a bearer with that token, and leave /health and /ready open', async () => {
      const { get } = await start('worker-scrape-token-42');
      const none = await get('/metrics');
      const wrong = await get('/metrics', { headers: { authorization: 'Bearer worker-scrape-token-43' } });
      const right = await get('/metrics', { headers: { authorization: 'Bearer worker-scrape-token-42' } });
      expect([none.status, wrong.status, right.status]).toEqual([401, 401, 200]);
      expect(none.headers.get('www-authenticate')).toBe('Bearer realm="webhooks"');
      expect(await right.text()).toContain('webhook_deliveries_total');
      expect([(await get('/health')).status, (await get('/ready')).status]).toEqual([200, 200]);
    });
  });
});

describe('queueStatsOf', () => {
  const T0 = new Date('2026-01-01T00:00:00Z');
  const at = (ms: number) => new Date(T0.getTime() + ms);

  async function queueWith(...due: Date[]) {
    const clock = new ManualClock(T0);
    const storage = new InMemoryStorage(clock);
    const project = aProject();
    const subscription = aSubscription(project.id);
    await storage.projects.insert(project);
    await storage.subscriptions.insert(subscription);
    const events = due.map(() => anEvent(project.id));
    await storage.deliveries.insertEvents(events);
    await storage.deliveries.insertDeliveries(events.map((e, i) => aDelivery(e, subscription, { nextAttemptAt: due[i] ?? null, createdAt: T0 })));
    return { storage, clock, stats: queueStatsOf(storage) };
  }

  it('should not count a retry waiting for its time as due', async () => {
    const { stats } = await queueWith(at(300_000));
    expect(await stats()).toEqual({ pending: 1, due: 0, oldestDueAgeSeconds: 0, retryingWebhooks: 0 });
  });

  it('should date a delivery a worker holds past its lease (a slow host) from when it came due', async () => {
    const { storage, clock, stats } = await queueWith(at(0));
    await storage.claimDue({ limit: 1, leaseMs: 30_000, workerId: 'w1' });
    clock.advance(20_000);
    expect(await stats()).toMatchObject({ due: 1, oldestDueAgeSeconds: 20 });
    clock.advance(40_000);
    expect(await stats()).toMatchObject({ due: 1, oldestDueAgeSeconds: 60 });
  });
});
