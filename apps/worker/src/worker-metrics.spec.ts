import { afterEach, describe, expect, it } from '@jest/globals';
import { InMemoryStorage } from '@webhooks/domain/testing';
import { pino } from 'pino';
import type { WorkerMetrics } from './worker-metrics.js';
import { countOutcome, serveWorkerMetrics } from './worker-metrics.js';

describe('serveWorkerMetrics', () => {
  let served: WorkerMetrics | null = null;
  let ready = true;
  afterEach(async () => {
    await served?.close();
    served = null;
    ready = true;
  });

  async function start() {
    const storage = new InMemoryStorage();
    served = await serveWorkerMetrics({
      port: 0,
      host: '127.0.0.1',
      queue: storage,
      ready: async () => ready,
      logger: pino({ level: 'silent' }),
    });
    const base = `http://127.0.0.1:${served.port}`;
    return { served, get: (path: string, init?: RequestInit) => fetch(`${base}${path}`, init) };
  }

  it('should serve the delivery, attempt and queue metrics in Prometheus text, counting outcomes', async () => {
    const { served, get } = await start();
    const count = countOutcome(served.metrics);
    const attempt = { durationMs: 120, errorClass: null } as const;
    count({ deliveryId: 'd1', attempt: attempt as never, next: { kind: 'succeeded' }, lastError: null });
    count({ deliveryId: 'd2', attempt: attempt as never, next: { kind: 'retry', delayMs: 5_000 }, lastError: 'HTTP 500' });
    const answer = await get('/metrics');
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toContain('text/plain');
    const text = await answer.text();
    expect(text).toContain('webhook_deliveries_total{outcome="succeeded"} 1');
    expect(text).toContain('webhook_deliveries_total{outcome="retry"} 1');
    expect(text).toContain('webhook_attempt_duration_seconds_count 2');
    expect(text).toContain('webhook_queue_depth 0');
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
});
