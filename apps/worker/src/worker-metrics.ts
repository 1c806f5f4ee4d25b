import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { DeliveryOutcome, DeliveryQueue } from '@webhooks/domain';
import { createMetrics } from '@webhooks/http-koa';
import type { QueueStats, WebhookMetrics } from '@webhooks/http-koa';
import type { Logger } from 'pino';
import { Registry, collectDefaultMetrics } from 'prom-client';

/** The queue gauges' reading: pending deliveries, and how late the oldest due one is (by the database's clock). */
export function queueStatsOf(queue: DeliveryQueue): () => Promise<QueueStats> {
  return async () => {
    const [depth, dueInMs] = await Promise.all([queue.pendingCount(), queue.nextDueInMs()]);
    return { depth, oldestDueAgeSeconds: dueInMs === null ? 0 : Math.max(0, -dueInMs / 1000) };
  };
}

/** Counts a finished delivery and times its attempt (a held one was not sent: no duration). */
export function countOutcome(metrics: WebhookMetrics): (outcome: DeliveryOutcome) => void {
  return (outcome) => {
    metrics.deliveriesTotal.inc({ outcome: outcome.next.kind });
    if (outcome.attempt && outcome.attempt.errorClass !== 'held') metrics.attemptDuration.observe(outcome.attempt.durationMs / 1000);
  };
}

/** What {@link serveWorkerMetrics} needs. */
export interface WorkerMetricsOptions {
  readonly port: number;
  readonly host: string;
  readonly queue: DeliveryQueue;
  /** True when the database answers. */
  readonly ready: () => Promise<boolean>;
  readonly logger: Logger;
  /** Log lines dropped so far (`webhook_log_lines_dropped_total`). */
  readonly droppedLogLines?: () => number;
}

/** The standalone worker's metrics server, and the metrics the worker counts into. */
export interface WorkerMetrics {
  readonly metrics: WebhookMetrics;
  readonly port: number;
  close(): Promise<void>;
}

/**
 * A small HTTP server for a worker of its own (the api serves these itself): `GET /metrics`
 * (Prometheus text: the same delivery, attempt and queue metrics as the api's, and the process's
 * default metrics), `GET /health` (200 while the process runs) and `GET /ready` (200 when the
 * database answers, else 503). Anything else is 404; nothing is read from a request body.
 */
export async function serveWorkerMetrics(options: WorkerMetricsOptions): Promise<WorkerMetrics> {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const metrics = createMetrics(registry, {
    queueStats: queueStatsOf(options.queue),
    onCollectError: (error) => options.logger.warn({ err: error }, 'metrics: queue stats failed'),
    ...(options.droppedLogLines ? { droppedLogLines: options.droppedLogLines } : {}),
  });
  const answer = async (method: string | undefined, path: string): Promise<{ status: number; type: string; body: string }> => {
    if (method !== 'GET' && method !== 'HEAD') return { status: 405, type: 'text/plain', body: 'method not allowed\n' };
    if (path === '/metrics') return { status: 200, type: registry.contentType, body: await registry.metrics() };
    if (path === '/health') return { status: 200, type: 'application/json', body: '{"status":"ok"}' };
    if (path === '/ready') {
      const ready = await options.ready().catch(() => false);
      return { status: ready ? 200 : 503, type: 'application/json', body: ready ? '{"status":"ready"}' : '{"status":"not-ready"}' };
    }
    return { status: 404, type: 'text/plain', body: 'not found\n' };
  };
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    answer(req.method, path)
      .then(({ status, type, body }) => res.writeHead(status, { 'content-type': type }).end(req.method === 'HEAD' ? undefined : body))
      .catch((error: unknown) => {
        options.logger.error({ err: error }, 'metrics server failed to answer');
        res.writeHead(500).end();
      });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  return {
    metrics,
    port: (server.address() as AddressInfo).port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
