import type { ErrorClass } from '../model/delivery.js';
import type { DeliveryNext } from '../ports/delivery-queue.port.js';
import type { Random } from '../ports/random.port.js';
import type { TransportResult } from '../ports/webhook-transport.port.js';
import { classifyResult } from './classify-result.js';
import { parseRetryAfter } from './parse-retry-after.js';
import { retryDelayMs } from './retry-delay.js';
import type { RetryPolicy } from './retry-policy.js';

/** What the worker does with a delivery after one attempt, and what it logs. */
export interface NextStep {
  readonly next: DeliveryNext;
  readonly errorClass: ErrorClass | null;
  readonly message: string | null;
  /** Disable the subscription (410 Gone). */
  readonly disable: boolean;
}

/**
 * The longest scheduled delay after which an attempt the SSRF guard refused (`blocked`) is tried
 * again: 5 minutes. A name may move off a private address (DNS changes), so a blocked delivery
 * gets the schedule's short first retries — with the default schedule, attempts at once, after 5 s
 * and after 5 min — and fails with the guard's reason at the first blocked attempt whose next
 * delay would be longer, instead of waiting out the whole ~28-hour schedule.
 */
const BLOCKED_RETRY_MAX_DELAY_MS = 5 * 60 * 1000;

/**
 * Decides what follows an attempt (`attemptsMade` counts it): a success ends the delivery; 410
 * Gone fails it and disables the subscription; a `blocked` attempt fails it unless its next
 * scheduled delay is short ({@link BLOCKED_RETRY_MAX_DELAY_MS}); anything else is retried after the
 * scheduled delay (honouring `Retry-After` within bounds; `now` reads an HTTP-date one), or failed
 * once the schedule is done.
 */
export function decideNext(input: {
  readonly result: TransportResult;
  readonly attemptsMade: number;
  readonly now: Date;
  readonly policy: RetryPolicy;
  readonly random: Random;
}): NextStep {
  const { result, attemptsMade, now, policy, random } = input;
  const verdict = classifyResult(result);
  switch (verdict.kind) {
    case 'success':
      return { next: { kind: 'succeeded' }, errorClass: null, message: null, disable: false };
    case 'gone':
      return { next: { kind: 'failed' }, errorClass: 'http_status', message: verdict.message, disable: true };
    case 'retry': {
      const nextScheduledMs = policy.scheduleMs[attemptsMade];
      if (verdict.errorClass === 'blocked' && (nextScheduledMs === undefined || nextScheduledMs > BLOCKED_RETRY_MAX_DELAY_MS)) {
        return { next: { kind: 'failed' }, errorClass: 'blocked', message: verdict.message, disable: false };
      }
      const retryAfterMs = parseRetryAfter(verdict.retryAfter, now);
      const delay = retryDelayMs({ attemptsMade, policy, random, retryAfterMs });
      return {
        next: delay === null ? { kind: 'failed' } : { kind: 'retry', delayMs: delay },
        errorClass: verdict.errorClass,
        message: verdict.message,
        disable: false,
      };
    }
  }
}
