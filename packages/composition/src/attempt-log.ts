import { parseEventKey } from '@webhooks/domain';
import type { AttemptObserver, AttemptReport } from '@webhooks/domain';
import type { WebhookMetrics } from '@webhooks/http-koa';
import type { Logger } from 'pino';

/** The catalog row of a concrete key (`form_submit_42` → `form_submit_{form}`): a label with a bound. */
export function eventPatternOf(key: string): string {
  const parsed = parseEventKey(key, null);
  return parsed.kind === 'ok' ? parsed.type.key : 'unknown';
}

/**
 * The attempt observer of a process: one info line per attempt — `delivery attempt` with
 * `source`, `deliveryId`, `webhookId`, `projectId`, `event`, `attempt`, `outcome`, `status`,
 * `durationMs`, `errorClass` and `retryInMs` (never the payload, a header value or a secret:
 * the report has none) — and, when `metrics` are given, the counts: outcomes by event pattern
 * (test sends aside: they are an admin's check, not traffic), attempt durations, and the time
 * from event to delivery of the worker's successes.
 */
export function attemptLog(logger: Logger, metrics: WebhookMetrics | null): AttemptObserver {
  return {
    attempted(report: AttemptReport) {
      logger.info(
        {
          source: report.source,
          deliveryId: report.deliveryId,
          webhookId: report.webhookId,
          projectId: report.projectId,
          event: report.eventKey,
          attempt: report.attempt,
          outcome: report.outcome,
          status: report.statusCode,
          durationMs: report.durationMs,
          errorClass: report.errorClass,
          ...(report.retryInMs !== null ? { retryInMs: report.retryInMs } : {}),
        },
        'delivery attempt',
      );
      if (!metrics || report.source === 'test') return;
      metrics.deliveriesTotal.inc({ event: eventPatternOf(report.eventKey), outcome: report.outcome });
      if (report.durationMs !== null) metrics.attemptDuration.observe(report.durationMs / 1000);
      if (report.source === 'worker' && report.outcome === 'succeeded') {
        metrics.eventToDelivery.observe(Math.max(0, report.finishedAt.getTime() - report.eventCreatedAt.getTime()) / 1000);
      }
    },
  };
}
