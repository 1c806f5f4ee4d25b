import type { Registry } from 'prom-client';
import { Counter, Gauge, Histogram } from 'prom-client';

/** What the queue looks like right now, for the queue gauges. */
export interface QueueStats {
  /** Pending deliveries. */
  readonly depth: number;
  /** Seconds since the oldest due delivery came due; 0 when none is due. */
  readonly oldestDueAgeSeconds: number;
}

/** Options of {@link createMetrics}. */
export interface MetricsOptions {
  /** Reads the queue at scrape time; the queue gauges stay unset without it. */
  readonly queueStats?: () => Promise<QueueStats>;
  /** Called when `queueStats` fails; the scrape goes on with the last values. */
  readonly onCollectError?: (error: unknown) => void;
  /** Log lines dropped so far (a slow or broken log reader), read at scrape time. */
  readonly droppedLogLines?: () => number;
}

/** The service's metrics; the HTTP app and the worker update them. */
export interface WebhookMetrics {
  /** Finished deliveries by outcome (`succeeded`, `retry`, `failed`, `held`, `suppressed`). */
  readonly deliveriesTotal: Counter<'outcome'>;
  /** Duration of one delivery attempt. */
  readonly attemptDuration: Histogram;
  /** Pending deliveries (read at scrape time). */
  readonly queueDepth: Gauge;
  /** Age of the oldest due delivery (read at scrape time). */
  readonly oldestDueAge: Gauge;
  /** Duration of one interactive event, by moment (`load`, `preprocess`, `submission`). */
  readonly interactiveDuration: Histogram<'moment'>;
  /** Interactive subscribers that failed (timeout, non-2xx, invalid answer), by moment. */
  readonly interactiveFailures: Counter<'moment'>;
  /** HTTP requests by method, route pattern and status. */
  readonly httpRequestDuration: Histogram<'method' | 'route' | 'status'>;
  /** Log lines dropped because the log output was too slow or broken (read at scrape time). */
  readonly logLinesDropped: Counter;
}

/** How long a scrape's queue reading is reused by the second gauge. */
const STATS_REUSE_MS = 1000;

/** Creates the service's metrics and registers them in `registry`. */
export function createMetrics(registry: Registry, options: MetricsOptions = {}): WebhookMetrics {
  const registers = [registry];
  let last: { readonly at: number; readonly stats: Promise<QueueStats | null> } | null = null;
  let countedDrops = 0;
  // One reading serves both queue gauges of a scrape.
  const readStats = (): Promise<QueueStats | null> => {
    const now = Date.now();
    if (!options.queueStats) return Promise.resolve(null);
    if (last === null || now - last.at > STATS_REUSE_MS) {
      last = {
        at: now,
        stats: options.queueStats().catch((error: unknown) => {
          options.onCollectError?.(error);
          return null;
        }),
      };
    }
    return last.stats;
  };

  return {
    deliveriesTotal: new Counter({ name: 'webhook_deliveries_total', help: 'Finished deliveries by outcome.', labelNames: ['outcome'], registers }),
    attemptDuration: new Histogram({
      name: 'webhook_attempt_duration_seconds',
      help: 'Duration of one delivery attempt.',
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers,
    }),
    queueDepth: new Gauge({
      name: 'webhook_queue_depth',
      help: 'Pending deliveries.',
      registers,
      async collect() {
        const stats = await readStats();
        if (stats) this.set(stats.depth);
      },
    }),
    oldestDueAge: new Gauge({
      name: 'webhook_oldest_due_age_seconds',
      help: 'Seconds since the oldest due delivery came due.',
      registers,
      async collect() {
        const stats = await readStats();
        if (stats) this.set(stats.oldestDueAgeSeconds);
      },
    }),
    interactiveDuration: new Histogram({
      name: 'webhook_interactive_duration_seconds',
      help: 'Duration of one interactive event, subscribers included.',
      labelNames: ['moment'],
      buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2, 3, 5, 10],
      registers,
    }),
    interactiveFailures: new Counter({
      name: 'webhook_interactive_failures_total',
      help: 'Interactive subscribers that failed (timeout, non-2xx, invalid answer).',
      labelNames: ['moment'],
      registers,
    }),
    logLinesDropped: new Counter({
      name: 'webhook_log_lines_dropped_total',
      help: 'Log lines dropped because the log output was too slow or broken.',
      registers,
      collect() {
        const dropped = options.droppedLogLines?.() ?? 0;
        const counted = countedDrops;
        if (dropped > counted) {
          countedDrops = dropped;
          this.inc(dropped - counted);
        }
      },
    }),
    httpRequestDuration: new Histogram({
      name: 'http_request_duration_seconds',
      help: 'HTTP requests by method, route pattern and status.',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    }),
  };
}
