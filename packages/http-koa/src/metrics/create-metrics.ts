import type { Registry } from 'prom-client';
import { Counter, Gauge, Histogram } from 'prom-client';

/** What the queue looks like right now, for the queue gauges. */
export interface QueueGauges {
  /** Pending deliveries, due or scheduled later. */
  readonly pending: number;
  /** Pending deliveries whose next attempt is due now. */
  readonly due: number;
  /** Seconds since the oldest due delivery came due; 0 when none is due. */
  readonly oldestDueAgeSeconds: number;
  /** Webhooks with a delivery in retry. */
  readonly retryingWebhooks: number;
}

/** Options of {@link createMetrics}. */
export interface MetricsOptions {
  /** Reads the queue at scrape time; the queue gauges stay unset without it. */
  readonly queueStats?: () => Promise<QueueGauges>;
  /** Called when `queueStats` fails; the scrape goes on with the last values. */
  readonly onCollectError?: (error: unknown) => void;
  /** Log lines dropped so far (a slow or broken log reader), read at scrape time. */
  readonly droppedLogLines?: () => number;
}

/** The service's metrics; the HTTP app and the worker update them. */
export interface WebhookMetrics {
  /**
   * Delivery outcomes, one per attempt (or hold, or suppression), by event key pattern
   * (`form_submit_{form}`, never a concrete form id) and outcome.
   */
  readonly deliveriesTotal: Counter<'event' | 'outcome'>;
  /** Duration of one delivery attempt (the worker's and interactive calls). */
  readonly attemptDuration: Histogram;
  /** From the event's creation to the attempt that delivered it. */
  readonly eventToDelivery: Histogram;
  /** Pending deliveries by state, `due` or `scheduled` (read at scrape time). */
  readonly queueDepth: Gauge<'state'>;
  /** Age of the oldest due delivery (read at scrape time). */
  readonly oldestDueAge: Gauge;
  /** Failing webhooks: those with a delivery in retry (read at scrape time). */
  readonly failingWebhooks: Gauge;
  /** Duration of one interactive event, by moment (`load`, `preprocess`, `submission`). */
  readonly interactiveDuration: Histogram<'moment'>;
  /** Interactive subscribers that failed (timeout, non-2xx, invalid answer), by moment. */
  readonly interactiveFailures: Counter<'moment'>;
  /** HTTP requests by method, route pattern and status. */
  readonly httpRequestDuration: Histogram<'method' | 'route' | 'status'>;
  /** Log lines dropped because the log output was too slow or broken (read at scrape time). */
  readonly logLinesDropped: Counter;
}

/** How long a scrape's queue reading is reused by the other gauges. */
const STATS_REUSE_MS = 1000;

/**
 * Creates the service's metrics and registers them in `registry`. Names follow Prometheus'
 * conventions (base units in the name, `_total` on counters); labels are bounded: event key
 * patterns (the catalog's rows), outcomes, moments, route patterns — no webhook, project or
 * delivery id, whose number has no bound.
 */
export function createMetrics(registry: Registry, options: MetricsOptions = {}): WebhookMetrics {
  const registers = [registry];
  let last: { readonly at: number; readonly stats: Promise<QueueGauges | null> } | null = null;
  let countedDrops = 0;
  // One reading serves every queue gauge of a scrape.
  const readStats = (): Promise<QueueGauges | null> => {
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
    deliveriesTotal: new Counter({
      name: 'webhook_deliveries_total',
      help: 'Delivery outcomes (succeeded, retry, failed, held, suppressed), one per attempt, by event key pattern.',
      labelNames: ['event', 'outcome'],
      registers,
    }),
    attemptDuration: new Histogram({
      name: 'webhook_attempt_duration_seconds',
      help: 'Duration of one delivery attempt or interactive call.',
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers,
    }),
    eventToDelivery: new Histogram({
      name: 'webhook_event_to_delivery_seconds',
      help: 'From the creation of an event to the attempt that delivered it (retries included).',
      buckets: [0.1, 0.5, 1, 5, 15, 60, 300, 1800, 3600, 7200, 21600, 86400],
      registers,
    }),
    queueDepth: new Gauge({
      name: 'webhook_queue_depth',
      help: 'Pending deliveries: due now, or scheduled for later (retries).',
      labelNames: ['state'],
      registers,
      async collect() {
        const stats = await readStats();
        if (!stats) return;
        this.set({ state: 'due' }, stats.due);
        this.set({ state: 'scheduled' }, stats.pending - stats.due);
      },
    }),
    oldestDueAge: new Gauge({
      name: 'webhook_oldest_due_age_seconds',
      help: 'Seconds since the oldest due delivery came due (0 when none is due; retries waiting for their time are not due).',
      registers,
      async collect() {
        const stats = await readStats();
        if (stats) this.set(stats.oldestDueAgeSeconds);
      },
    }),
    failingWebhooks: new Gauge({
      name: 'webhook_failing_webhooks',
      help: 'Webhooks with a pending delivery already tried in its round: failing receivers (or projects without an API admin).',
      registers,
      async collect() {
        const stats = await readStats();
        if (stats) this.set(stats.retryingWebhooks);
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
