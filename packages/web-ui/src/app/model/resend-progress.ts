import type { DeliveryCounts } from '../api/api-types.js';

/**
 * How far a bulk resend has come, from the counts of the deliveries it queued (`resentAt`):
 * `2 of 3 sent, 1 failed again, 0 pending` — and, when some were held back since (a webhook
 * disabled meanwhile), how many. Before the first count, every queued delivery is pending.
 */
export function resendProgress(queued: number, counts: DeliveryCounts | null): string {
  const { succeeded, failed, pending, suppressed, total } = counts ?? { succeeded: 0, failed: 0, pending: queued, suppressed: 0, total: queued };
  const held = suppressed > 0 ? `, ${suppressed} held back` : '';
  return `${succeeded} of ${total} sent, ${failed} failed again, ${pending} pending${held}`;
}

/** True once none of the resend's deliveries waits for an attempt. */
export function resendFinished(counts: DeliveryCounts | null): boolean {
  return counts !== null && counts.pending === 0;
}
