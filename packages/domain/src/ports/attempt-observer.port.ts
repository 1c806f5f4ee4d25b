import type { ErrorClass } from '../model/delivery.js';

/** Who made an attempt: the delivery worker, an interactive call while the user waits, or a test send. */
export type AttemptSource = 'worker' | 'interactive' | 'test';

/**
 * What became of the delivery after the attempt: `succeeded`; `retry` (failed, another attempt is
 * scheduled); `failed` (failed, no attempt left — interactive calls and test sends are never
 * retried); `held` (not sent: the project has no API admin); `suppressed` (not sent, for good:
 * the webhook was disabled or deleted, or the schedule ran out while held).
 */
export type AttemptOutcome = 'succeeded' | 'retry' | 'failed' | 'held' | 'suppressed';

/**
 * One attempt as operators see it: ids, the event key, the outcome and its measures. Never the
 * payload, a header value or a secret: what an observer may log or count as it is.
 */
export interface AttemptReport {
  readonly source: AttemptSource;
  readonly deliveryId: string;
  /** The subscription's id (`wh_…`). */
  readonly webhookId: string;
  readonly projectId: string;
  /** The concrete event key (`form_submit_42`). */
  readonly eventKey: string;
  /** The attempt's number in its round (1 for the first; a resend starts a new round). */
  readonly attempt: number;
  readonly outcome: AttemptOutcome;
  /** The receiver's HTTP status; null when nothing was answered (or nothing sent). */
  readonly statusCode: number | null;
  /** How long the request took; null when nothing was sent (held, suppressed). */
  readonly durationMs: number | null;
  readonly errorClass: ErrorClass | null;
  /** When the delivery was created, with its event: the start of "event to delivery". */
  readonly eventCreatedAt: Date;
  /** When the attempt ended (or the decision not to send was taken). */
  readonly finishedAt: Date;
  /** How long until the next attempt (`retry`, `held`): the queue dates it by its own clock. */
  readonly retryInMs: number | null;
}

/** Told of every attempt (logs, metrics). Must not throw, nor block: it is called inline. */
export interface AttemptObserver {
  attempted(report: AttemptReport): void;
}
