import type { Attempt } from '../model/delivery.js';
import type { SuppressionReason } from '../model/event.js';
import type { SigningSecret } from '../model/subscription.js';

/** A due delivery a worker has leased, with everything needed to send it. */
export interface ClaimedDelivery {
  readonly deliveryId: string;
  readonly projectId: string;
  readonly subscriptionId: string;
  readonly eventId: string;
  readonly eventKey: string;
  readonly url: string;
  /** False when the subscription was disabled after the delivery was queued: it is then suppressed, not sent. */
  readonly subscriptionEnabled: boolean;
  readonly secrets: readonly SigningSecret[];
  readonly timeoutMs: number;
  /** The serialised payload, exactly the bytes that are signed and sent. */
  readonly body: string;
  /** Attempts already made in this round; this one is number `attemptCount + 1`. */
  readonly attemptCount: number;
  /** When the event happened (for the schedule's bound). */
  readonly createdAt: Date;
}

/**
 * What became of a claimed delivery. A delivery that comes due again says after how long, not
 * when: the queue adds the delay to the database's clock, so a worker whose clock is off never
 * moves a due time.
 */
export type DeliveryNext =
  | { readonly kind: 'succeeded' }
  /** Due again `delayMs` after the outcome is written (by the database's clock). */
  | { readonly kind: 'retry'; readonly delayMs: number }
  | { readonly kind: 'failed' }
  /** Not sent because the project has no API admin: due again `delayMs` later, counted as an attempt of the round. */
  | { readonly kind: 'held'; readonly delayMs: number }
  /** Not sent, for good: the reason is stored on the delivery. */
  | { readonly kind: 'suppressed'; readonly reason: SuppressionReason };

/**
 * An attempt's verdict on its webhook's endpoint. A success marks it healthy (`failingSince`
 * cleared); a failure starts its failing period (kept if one runs already), and a webhook whose
 * failing period reaches `disableAfterMs` (by the database's clock) is disabled with reason
 * `failing`. Outcomes of one batch for one webhook count as a success if any of them is one.
 */
export type EndpointHealth =
  | { readonly subscriptionId: string; readonly up: true }
  | { readonly subscriptionId: string; readonly up: false; readonly disableAfterMs: number };

/** The outcome of one claimed delivery, written back in a batch. */
export interface DeliveryOutcome {
  readonly deliveryId: string;
  readonly attempt: Attempt | null;
  readonly next: DeliveryNext;
  /** Disable the subscription (for example after 410 Gone) with this reason. */
  readonly disableSubscription?: { readonly subscriptionId: string; readonly reason: string };
  /** What the attempt says of its endpoint's health (a sent notify delivery only). */
  readonly endpoint?: EndpointHealth;
  readonly lastError: string | null;
}

/** The queue as the metrics read it, at one moment. */
export interface QueueStats {
  /** Pending deliveries, due or scheduled later. */
  readonly pending: number;
  /** Pending deliveries whose next attempt is due (now or before), in a worker's hands or not. */
  readonly due: number;
  /**
   * How long ago the oldest due delivery came due (its next attempt's time), in ms by the queue's
   * clock; null when none is due. A delivery waiting for a retry in the future is not due; one a
   * worker holds (sending it, or waiting for a slot at a slow host) still is, until its attempt is
   * recorded.
   */
  readonly oldestDueAgeMs: number | null;
  /** Webhooks with a pending delivery already tried in its round: their receivers failed (or the project has no API admin). */
  readonly retryingWebhooks: number;
}

/** How long each kind of record is kept, as an age in milliseconds by the database's clock. */
export interface RetentionPolicy {
  /** Succeeded deliveries (and interactive calls that succeeded), by their last update. */
  readonly succeededMs: number;
  /** Failed deliveries — resendable by hand until then — and failed interactive calls, by their last update. */
  readonly failedMs: number;
  /** Suppressed deliveries, by their last update. */
  readonly suppressedMs: number;
  /** Activity records of reported activities (the idempotency keys of reports), by when received. */
  readonly activityMs: number;
  /** Activity records of form interactions (their stored decisions; types `INTERACTION_RECORD_TYPES`), by when received. */
  readonly interactionMs: number;
}

/** How many of each kind one `prune` deleted. */
export interface PruneCounts {
  readonly succeeded: number;
  readonly failed: number;
  readonly suppressed: number;
  readonly activities: number;
  readonly interactions: number;
}

/**
 * The durable queue of deliveries: claim with a lease, complete in batches. Every time it
 * compares or sets — due times, leases — is the **database's** clock (`now()` in SQL), never a
 * worker's: workers on hosts whose clocks disagree still agree on who holds what and what is due.
 */
export interface DeliveryQueue {
  /** Leases up to `limit` due deliveries (pending, next attempt ≤ now, no live lease) to `workerId` for `leaseMs`. */
  claimDue(input: {
    readonly limit: number;
    readonly leaseMs: number;
    readonly workerId: string;
  }): Promise<readonly ClaimedDelivery[]>;
  /**
   * Records outcomes of deliveries leased by `workerId` (attempts, new state, disabled
   * subscriptions). Each outcome stands on its own: one the store cannot write as given (text it
   * cannot keep) is written without its text (`withoutText`), never holding back the others. It
   * throws only when the store cannot be reached (then nothing or part was written; writing the
   * same outcomes again is harmless).
   */
  complete(workerId: string, outcomes: readonly DeliveryOutcome[]): Promise<void>;
  /** Gives back leased deliveries unsent (a draining worker). */
  release(workerId: string, deliveryIds: readonly string[]): Promise<void>;
  /**
   * Renews the lease of each delivery still leased to `workerId` (pending, `lockedBy` the worker —
   * even if the lease has just lapsed, as long as nobody claimed it since) to `leaseMs` from now;
   * answers the ids it extended. A worker holding deliveries longer than one lease (waiting for a
   * slot at a slow host) keeps them this way, so nobody else sends them meanwhile.
   */
  extend(workerId: string, deliveryIds: readonly string[], leaseMs: number): Promise<readonly string[]>;
  /**
   * Milliseconds from now until the next pending delivery can be claimed (its due time, or the end
   * of its lease if later) — negative when it is overdue — or null if none is pending.
   */
  nextDueInMs(): Promise<number | null>;
  /** How many deliveries are pending (the queue depth gauge). */
  pendingCount(): Promise<number>;
  /** The queue's gauges now, by the queue's clock, read together (one statement in SQL). */
  stats(): Promise<QueueStats>;
  /**
   * Retention: deletes what is older than `policy` says for its kind, by the database's clock —
   * final deliveries (succeeded, failed, suppressed, by their last update) with their attempts
   * and the events left without a delivery, and activity records (reports and interactions, by
   * when they were received). Pending deliveries and their events are never touched. Deletes at
   * most `batchSize` of each kind, oldest first, in short statements that skip rows locked by
   * others (a worker completing them), so it never makes a worker wait; answers how many of each
   * kind it deleted — a kind at `batchSize` may have more to delete: call again.
   */
  prune(policy: RetentionPolicy, batchSize: number): Promise<PruneCounts>;
}

/**
 * Wakes idle workers when work is queued (LISTEN/NOTIFY in Postgres). The storage adapter that
 * queues the work sends the wake-up, on commit: nobody else does.
 */
export interface WorkSignal {
  /** Resolves when work may be due, after `timeoutMs` at the latest, or when `signal` aborts. */
  wait(timeoutMs: number, signal?: AbortSignal): Promise<void>;
}
