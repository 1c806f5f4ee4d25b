import type { Delivery } from '../api/api-types.js';

const HOUR_MS = 3_600_000;

/** One hour of a webhook's history: its deliveries created in that hour, by their status now. */
interface HourBucket {
  readonly start: Date;
  readonly succeeded: number;
  readonly failed: number;
  readonly pending: number;
}

/** A webhook's last hours of deliveries, and the share of the settled ones that succeeded. */
export interface DeliveryHistory {
  readonly buckets: readonly HourBucket[];
  readonly succeeded: number;
  readonly failed: number;
  readonly pending: number;
  /** succeeded ÷ (succeeded + failed), or null when none has settled. */
  readonly successRate: number | null;
  /** Attempts that failed, over the deliveries counted (their current round: a resend starts a new one). */
  readonly failedAttempts: number;
  /** Succeeded deliveries that failed at least once first (in their current round). */
  readonly succeededAfterRetry: number;
}

/**
 * Sorts deliveries into hourly buckets ending at `now` (oldest first), counting each by its
 * current status; suppressed deliveries (never sent) and those outside the window are left out.
 * The bars count deliveries, not attempts: one that succeeded at its third attempt is one success;
 * `failedAttempts` and `succeededAfterRetry` count the attempts that failed before.
 */
export function deliveryHistory(deliveries: readonly Delivery[], now: Date, hours = 24): DeliveryHistory {
  const counts = Array.from({ length: hours }, () => ({ succeeded: 0, failed: 0, pending: 0 }));
  let failedAttempts = 0;
  let succeededAfterRetry = 0;
  for (const delivery of deliveries) {
    if (delivery.status === 'suppressed') continue;
    const age = now.getTime() - Date.parse(delivery.createdAt);
    const hoursAgo = Math.floor(Math.max(0, age) / HOUR_MS);
    const bucket = counts[hours - 1 - hoursAgo];
    if (bucket === undefined) continue;
    bucket[delivery.status] += 1;
    // Every attempt of the round failed but a success, which is the last one.
    failedAttempts += delivery.status === 'succeeded' ? delivery.attempts - 1 : delivery.attempts;
    if (delivery.status === 'succeeded' && delivery.attempts > 1) succeededAfterRetry += 1;
  }
  const buckets = counts.map((count, index) => ({ ...count, start: new Date(now.getTime() - (hours - index) * HOUR_MS) }));
  const total = (key: 'succeeded' | 'failed' | 'pending') => counts.reduce((sum, count) => sum + count[key], 0);
  const succeeded = total('succeeded');
  const failed = total('failed');
  const successRate = succeeded + failed === 0 ? null : succeeded / (succeeded + failed);
  return { buckets, succeeded, failed, pending: total('pending'), successRate, failedAttempts, succeededAfterRetry };
}

/** The start of the window {@link deliveryHistory} looks at. */
export function historySince(now: Date, hours = 24): Date {
  return new Date(now.getTime() - hours * HOUR_MS);
}

/**
 * The delivery whose latest attempt is most likely the webhook's last one: of those attempted at
 * least once, the one changed last (an attempt changes its delivery).
 */
export function lastAttempted(deliveries: readonly Delivery[]): Delivery | null {
  let latest: Delivery | null = null;
  for (const delivery of deliveries) {
    const attempted = delivery.attempts > 0 || delivery.status === 'succeeded' || delivery.status === 'failed';
    if (attempted && (latest === null || delivery.updatedAt > latest.updatedAt)) latest = delivery;
  }
  return latest;
}
