import type { Delivery } from '../api/api-types.js';

/** How far a bulk resend has gone, over the deliveries it queued. */
export interface ResendProgress {
  readonly total: number;
  /** Attempted again at least once since the resend (or no longer pending). */
  readonly done: number;
  readonly succeeded: number;
  /** Attempted again and not (yet) successful: failed for good, or pending a retry. */
  readonly failedAgain: number;
}

/**
 * Reads the progress of a bulk resend from the deliveries as they are now. A resend starts a new
 * round of attempts (`attempts` back to 0, status `pending`); a delivery counts as done once it has
 * an attempt in that round or is no longer pending.
 */
export function resendProgress(tracked: readonly string[], now: ReadonlyMap<string, Delivery>): ResendProgress {
  let done = 0;
  let succeeded = 0;
  for (const id of tracked) {
    const delivery = now.get(id);
    if (delivery === undefined) continue;
    if (delivery.status === 'succeeded') succeeded += 1;
    if (delivery.status !== 'pending' || delivery.attempts > 0) done += 1;
  }
  return { total: tracked.length, done, succeeded, failedAgain: done - succeeded };
}

/** `2 skipped: 1 webhook_disabled, 1 interactive_call`, or null when nothing was skipped. */
export function skippedSummary(skipped: number, byReason: Readonly<Record<string, number>>): string | null {
  if (skipped === 0) return null;
  const reasons = Object.entries(byReason).map(([reason, n]) => `${n} ${reason.replace(/_/g, ' ')}`);
  return `${skipped} not resent (the resend rules refuse them): ${reasons.join(', ')}.`;
}
