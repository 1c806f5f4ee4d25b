import type { SuppressionReason, WebhookEvent } from '../model/event.js';
import type { Attempt, Delivery, DeliveryStatus } from '../model/delivery.js';
import type { Page, PageRequest } from './cursor.js';
import type { ResponseClass } from '../delivery/log-search.js';

/** Filters of the delivery log; every filter given must hold. */
export interface DeliveryFilter {
  readonly subscriptionId?: string;
  readonly eventKey?: string;
  readonly status?: DeliveryStatus;
  /** Created at or after this time. */
  readonly createdFrom?: Date;
  /** Created before this time. */
  readonly createdBefore?: Date;
  /** At least one attempt (of any round) got an answer of this class (`responseClassOf`). */
  readonly responseClass?: ResponseClass;
  /** The event's id (`msg_…`, the `webhook-id` a receiver saw). */
  readonly eventId?: string;
  /** The event concerns this user: id or username, exactly (`concernsApplicant`). */
  readonly applicant?: string;
  /**
   * The current round was started by the resend of this time (`Delivery.resentAt`, exactly): the
   * deliveries one bulk resend queued, as long as no later resend started them again.
   */
  readonly resentAt?: Date;
}

/** Deliveries counted by their status now; `total` is their sum. */
export interface DeliveryCounts {
  readonly pending: number;
  readonly succeeded: number;
  readonly failed: number;
  readonly suppressed: number;
  readonly total: number;
}

/** A delivery with its event and every attempt, for the log. */
export interface DeliveryDetail {
  readonly delivery: Delivery;
  readonly event: WebhookEvent;
  readonly attempts: readonly Attempt[];
}

/** A failed delivery, with what deciding its resend needs of its event. */
export interface ResendCandidate {
  readonly delivery: Delivery;
  /** Why its event was suppressed as a whole, if it was. */
  readonly eventSuppressed: SuppressionReason | null;
}

/** Which failed deliveries a bulk resend looks at: the log's filters but status (no `createdFrom`: however old). */
export type FailedFilter = Omit<DeliveryFilter, 'status'>;

/**
 * One webhook's deliveries created in a window, counted by their status now (suppressed ones —
 * never sent — left out), and the attempts of their current round that failed (a resend starts a
 * new round). A delivery that succeeded at its third attempt is one success and two failed attempts.
 */
export interface WebhookHealth {
  readonly subscriptionId: string;
  readonly succeeded: number;
  readonly failed: number;
  readonly pending: number;
  /** Failed attempts of the current round: all of a failed or pending delivery's, all but the last of a succeeded one's. */
  readonly failedAttempts: number;
  /** Of those, the attempts that failed before their delivery succeeded. */
  readonly failedBeforeSuccess: number;
  /** Succeeded deliveries that needed more than one attempt. */
  readonly succeededAfterRetry: number;
}

/** Events, deliveries and attempts as the log and the use cases see them (the worker uses DeliveryQueue). */
export interface DeliveryStore {
  insertEvents(events: readonly WebhookEvent[]): Promise<void>;
  insertDeliveries(deliveries: readonly Delivery[]): Promise<void>;
  insertAttempts(attempts: readonly Attempt[]): Promise<void>;
  get(projectId: string, id: string): Promise<DeliveryDetail | null>;
  /** Newest first. */
  list(projectId: string, filter: DeliveryFilter, page: PageRequest): Promise<Page<Delivery>>;
  /** The deliveries of the project matching `filter`, counted by status (one statement grouped by status in SQL). */
  counts(projectId: string, filter: DeliveryFilter): Promise<DeliveryCounts>;
  /**
   * Makes these deliveries pending again, due at `at`, starting a new round of attempts resent at
   * `at` (`Delivery.resentAt`). Returns how many. Any number of ids (one statement whatever the
   * count in SQL).
   */
  requeue(projectId: string, ids: readonly string[], at: Date): Promise<number>;
  /**
   * The project's failed deliveries matching `filter`, newest first, a page at a time. The cursor
   * is a position in that order (keyset), so pages stay right while the deliveries of earlier
   * pages are requeued (and so stop being failed) between calls.
   */
  failedSince(projectId: string, filter: FailedFilter, page: PageRequest): Promise<Page<ResendCandidate>>;
  /**
   * The health of every webhook of the project with a delivery created at or after `since`, ordered
   * by webhook id (one statement grouped by webhook in SQL). A webhook not listed had none.
   */
  healthSince(projectId: string, since: Date): Promise<readonly WebhookHealth[]>;
  /** Why each of these events of the project was suppressed as a whole (null: it was not); unknown ids are left out. One statement. */
  eventSuppressions(projectId: string, eventIds: readonly string[]): Promise<ReadonlyMap<string, SuppressionReason | null>>;
}
