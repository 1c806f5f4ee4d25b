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

/** What became of a claimed delivery. */
export type DeliveryNext =
  | { readonly kind: 'succeeded' }
  | { readonly kind: 'retry'; readonly at: Date }
  | { readonly kind: 'failed' }
  /** Not sent because the project has no API admin: due again at `at`, counted as an attempt of the round. */
  | { readonly kind: 'held'; readonly at: Date }
  /** Not sent, for good: the reason is stored on the delivery. */
  | { readonly kind: 'suppressed'; readonly reason: SuppressionReason };

/** The outcome of one claimed delivery, written back in a batch. */
export interface DeliveryOutcome {
  readonly deliveryId: string;
  readonly attempt: Attempt | null;
  readonly next: DeliveryNext;
  /** Disable the subscription (for example after 410 Gone) with this reason. */
  readonly disableSubscription?: { readonly subscriptionId: string; readonly reason: string };
  readonly lastError: string | null;
}

/** The queue as the metrics read it, at one moment. */
export interface QueueStats {
  /** Pending deliveries, due or scheduled later. */
  readonly pending: number;
  /** Pending deliveries whose next attempt is due (at or before the moment), in a worker's hands or not. */
  readonly due: number;
  /**
   * When the oldest due delivery came due (its next attempt's time); null when none is due. A
   * delivery waiting for a retry in the future is not due; one a worker holds (sending it, or
   * waiting for a slot at a slow host) still is, until its attempt is recorded.
   */
  readonly oldestDueAt: Date | null;
  /** Webhooks with a pending delivery already tried in its round: their receivers failed (or the project has no API admin). */
  readonly retryingWebhooks: number;
}

/** The durable queue of deliveries: claim with a lease, complete in batches. */
export interface DeliveryQueue {
  /** Leases up to `limit` due deliveries (pending, next attempt ≤ now, no live lease) to `workerId`. */
  claimDue(input: {
    readonly now: Date;
    readonly limit: number;
    readonly leaseMs: number;
    readonly workerId: string;
  }): Promise<readonly ClaimedDelivery[]>;
  /** Records outcomes of deliveries leased by `workerId` (attempts, new state, disabled subscriptions). */
  complete(workerId: string, outcomes: readonly DeliveryOutcome[]): Promise<void>;
  /** Gives back leased deliveries unsent (a draining worker). */
  release(workerId: string, deliveryIds: readonly string[]): Promise<void>;
  /**
   * Moves the lease of each delivery still leased to `workerId` (pending, `lockedBy` the worker —
   * even if the lease has just lapsed, as long as nobody claimed it since) to `until`; answers the
   * ids it extended. A worker holding deliveries longer than one lease (waiting for a slot at a
   * slow host) keeps them this way, so nobody else sends them meanwhile.
   */
  extend(workerId: string, deliveryIds: readonly string[], until: Date): Promise<readonly string[]>;
  /** When the next pending delivery is due (a leased one: when its lease ends), or null if none is pending. */
  nextDueAt(): Promise<Date | null>;
  /** How many deliveries are pending. */
  pendingCount(): Promise<number>;
  /** The queue's gauges at `now`, read together (one statement in SQL). */
  stats(now: Date): Promise<QueueStats>;
  /**
   * Deletes every succeeded delivery (with its attempts and orphaned events) last updated before
   * `before`, `batchSize` rows per statement so no single statement holds long locks; returns how many.
   */
  pruneSucceeded(before: Date, batchSize: number): Promise<number>;
}

/** Wakes idle workers when work is queued (LISTEN/NOTIFY in Postgres). */
export interface WorkSignal {
  /** Resolves when work may be due, after `timeoutMs` at the latest, or when `signal` aborts. */
  wait(timeoutMs: number, signal?: AbortSignal): Promise<void>;
  /** Tells waiting workers that work was queued. */
  notify(): Promise<void>;
}
