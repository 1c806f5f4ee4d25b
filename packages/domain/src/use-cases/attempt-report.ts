import type { Attempt } from '../model/delivery.js';
import type { AttemptOutcome, AttemptReport, AttemptSource } from '../ports/attempt-observer.port.js';

/** The delivery an attempt was made for, as much of it as a report names. */
export interface ReportedDelivery {
  readonly id: string;
  readonly projectId: string;
  readonly subscriptionId: string;
  readonly eventKey: string;
  readonly createdAt: Date;
}

/**
 * The report of one attempt. A held attempt was not sent, so it has no duration; neither has a
 * suppression (no attempt record at all). The attempt ended at its start plus its duration, or
 * `now` when nothing was sent.
 */
export function attemptReport(input: {
  readonly source: AttemptSource;
  readonly delivery: ReportedDelivery;
  readonly attempt: Attempt | null;
  readonly number: number;
  readonly outcome: AttemptOutcome;
  readonly retryInMs: number | null;
  readonly now: Date;
}): AttemptReport {
  const { delivery, attempt } = input;
  const sent = attempt !== null && attempt.errorClass !== 'held' ? attempt : null;
  return {
    source: input.source,
    deliveryId: delivery.id,
    webhookId: delivery.subscriptionId,
    projectId: delivery.projectId,
    eventKey: delivery.eventKey,
    attempt: input.number,
    outcome: input.outcome,
    statusCode: attempt?.statusCode ?? null,
    durationMs: sent?.durationMs ?? null,
    errorClass: attempt?.errorClass ?? null,
    eventCreatedAt: delivery.createdAt,
    finishedAt: sent ? new Date(sent.attemptedAt.getTime() + sent.durationMs) : input.now,
    retryInMs: input.retryInMs,
  };
}
