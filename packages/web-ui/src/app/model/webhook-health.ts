import type { WebhookHealth } from '../api/api-types.js';
import { formatRate } from './format.js';

/** A webhook with no delivery in the window: what the stats route leaves out. */
export const NO_DELIVERIES = { succeeded: 0, failed: 0, pending: 0, failedAttempts: 0, failedBeforeSuccess: 0, succeededAfterRetry: 0 } as const;

type Counts = Omit<WebhookHealth, 'webhookId'>;

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** What the list says of a webhook's last 24 hours: the deliveries, then the attempts that failed. */
export interface HealthText {
  /** "3 succeeded, 1 failed, 0 pending" — or that there was none. */
  readonly deliveries: string;
  /** succeeded ÷ (succeeded + failed), settled deliveries only; empty when none settled. */
  readonly rate: string;
  /** "4 failed attempts; 2 deliveries succeeded after 3 failed attempts" — empty when no attempt failed. */
  readonly attempts: string;
}

/** The counts of a webhook's last 24 hours in words. */
export function healthText(counts: Counts): HealthText {
  const { succeeded, failed, pending, failedAttempts, failedBeforeSuccess, succeededAfterRetry } = counts;
  const total = succeeded + failed + pending;
  const deliveries = total === 0 ? 'No deliveries' : `${succeeded} succeeded, ${failed} failed, ${pending} pending`;
  const rate = succeeded + failed === 0 ? '' : `${formatRate(succeeded / (succeeded + failed))} succeeded`;
  const retried = succeededAfterRetry === 0 ? '' : `; ${plural(succeededAfterRetry, 'delivery', 'deliveries')} succeeded after ${plural(failedBeforeSuccess, 'failed attempt')}`;
  const attempts = failedAttempts === 0 ? '' : `${plural(failedAttempts, 'failed attempt')}${retried}`;
  return { deliveries, rate, attempts };
}
