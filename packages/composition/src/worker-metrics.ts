import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { DeliveryQueue } from '@webhooks/domain';
import { createMetrics, mayScrape } from '@webhooks/http-koa';
import type { MetricsOptions, QueueGauges, WebhookMetrics } from '@webhooks/http-koa';
import type { Logger } from 'pino';
import { Registry, collectDefaultMetrics } from 'prom-client';

/**
 * The queue gauges' reading (`DeliveryQueue.stats`, by the database's clock): pending and due
 * deliveries, how late the oldest due one is — dated from when it came due, so a retry waiting for
 * its time does not count and a delivery held by a worker (a slow host) keeps ageing — and the
 * webhooks in retry.
 */
export function queueStatsOf(queue: DeliveryQueue): () => Promise<QueueGauges> {
  return async () => {
    const stats = await queue.stats();
    const age = stats.oldestDueAgeMs === null ? 0 : Math.max(0, stats.oldestDueAgeMs / 1000);
    return { pending: stats.pending, due: stats.due, oldestDueAgeSeconds: age, retryingWebhooks: stats.retryingWebhooks };
  };
}

/**
 * The registry a process serves at /metrics — prom-client's process and Node.js metrics, and the
 * service's (`createMetrics`) — the same in the api and in a worker run alone.
 */
export function serviceMetrics(options: MetricsOptions): { readonly registry: Registry; readonly metrics: WebhookMetrics } {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  return { registry, metrics: createMetrics(registry, options) };
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
  /** When set, `/metrics` answers only `Authorization: Bearer <metricsToken>` (401 otherwise). */
  readonly metricsToken: string | null;
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
 * default metrics; with a metrics token, only for a bearer of it), `GET /health` (200 while the
 * process runs) and `GET /ready` (200 when the database answers, else 503). Anything else is 404;
 * nothing is read from a request body.
 */
export async function serveWorkerMetrics(options: WorkerMetricsOptions): Promise<WorkerMetrics> {
  const { registry, metrics } = serviceMetrics({
    queueStats: queueStatsOf(options.queue),
    onCollectError: (error) => options.logger.warn({ err: error }, 'metrics: queue stats failed'),
    ...(options.droppedLogLines ? { droppedLogLines: options.droppedLogLines } : {}),
  });
  const answer = async (method: string | undefined, path: string, authorization: string | undefined): Promise<{ status: number; type: string; body: string }> => {
    if (method !== 'GET' && method !== 'HEAD') return { status: 405, type: 'text/plain', body: 'method not allowed\n' };
    if (path === '/metrics' && !mayScrape(authorization, options.metricsToken)) return { status: 401, type: 'text/plain', body: 'a valid bearer token is required\n' };
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
    answer(req.method, path, req.headers.authorization)
      .then(({ status, type, body }) =>
        res.writeHead(status, { 'content-type': type, ...(status === 401 ? { 'www-authenticate': 'Bearer realm="webhooks"' } : {}) }).end(req.method === 'HEAD' ? undefined : body),
      )
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
