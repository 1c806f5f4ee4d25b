import type { SuppressionReason } from './event.js';

/** Where a delivery stands. */
export type DeliveryStatus = 'pending' | 'succeeded' | 'failed' | 'suppressed';

/** One event to one subscription: the unit the queue retries. */
export interface Delivery {
  /** `dlv_…` */
  readonly id: string;
  readonly projectId: string;
  readonly eventId: string;
  readonly subscriptionId: string;
  readonly eventKey: string;
  readonly status: DeliveryStatus;
  /** Attempts made in the current round (a resend starts a new round). */
  readonly attemptCount: number;
  /** When the next attempt is due; null once the delivery is final. */
  readonly nextAttemptAt: Date | null;
  readonly suppressedReason: SuppressionReason | null;
  readonly lastError: string | null;
  /**
   * When a resend started the current round (`requeue`'s `at`): the same time for every delivery
   * one bulk resend queued, so its outcome can be followed. Null while the round is the first one.
   */
  readonly resentAt: Date | null;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

/** How an attempt ended, as a class an operator can filter on. */
export type ErrorClass =
  | 'http_status'
  | 'redirect'
  | 'timeout'
  | 'dns'
  | 'refused'
  | 'tls'
  | 'network'
  | 'blocked'
  | 'invalid_response'
  | 'held';

/** One try at sending a delivery (or one interactive call), as logged. */
export interface Attempt {
  /** `att_…` */
  readonly id: string;
  readonly deliveryId: string;
  readonly projectId: string;
  readonly subscriptionId: string;
  readonly attemptedAt: Date;
  readonly durationMs: number;
  readonly statusCode: number | null;
  /** The response body, capped. */
  readonly responseBody: string | null;
  readonly errorClass: ErrorClass | null;
  readonly errorMessage: string | null;
  readonly succeeded: boolean;
  /**
   * The request as sent (URL, headers with the signature, body): the evidence of the attempt.
   * Absent or null where nothing was sent (a held attempt) or on records kept without it.
   */
  readonly request?: SentRequest | null;
  /** The response's headers, lower-cased names; absent or null when no HTTP answer came. */
  readonly responseHeaders?: Readonly<Record<string, string>> | null;
}

/** One outbound request as it left: what a receiver saw. */
export interface SentRequest {
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}
