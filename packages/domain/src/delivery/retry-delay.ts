import type { Random } from '../ports/random.port.js';
import type { RetryPolicy } from './retry-policy.js';

/**
 * The delay (ms) before the next attempt after `attemptsMade` attempts, or null when the
 * schedule is exhausted (the delivery has failed). The base is `scheduleMs[attemptsMade]`:
 * - with a `Retry-After`, the delay is that value clamped to [base, 2·base] (svix's rule: a
 *   receiver may slow us down, within reason, never speed us up), not jittered;
 * - otherwise it is spread uniformly within ±`jitterRatio`·base, rounded to whole ms inside those
 *   bounds.
 */
export function retryDelayMs(input: {
  readonly attemptsMade: number;
  readonly policy: RetryPolicy;
  readonly random: Random;
  readonly retryAfterMs: number | null;
}): number | null {
  const { attemptsMade, policy, random, retryAfterMs } = input;
  if (!Number.isInteger(attemptsMade) || attemptsMade < 0) {
    throw new RangeError(`attemptsMade must be a whole number ≥ 0, got ${attemptsMade}`);
  }
  const base = policy.scheduleMs[attemptsMade];
  if (base === undefined) return null;
  if (retryAfterMs !== null) return Math.min(Math.max(retryAfterMs, base), 2 * base);

  const spread = policy.jitterRatio * base;
  // The bounds as products, not base ± spread: 5 + 5·(1 − 2⁻⁵²) rounds up to 10 in floating point.
  const low = Math.ceil(base * (1 - policy.jitterRatio));
  const high = Math.floor(base * (1 + policy.jitterRatio));
  if (low > high) return Math.round(base);
  const jittered = Math.round(base + (2 * random.float() - 1) * spread);
  return Math.min(Math.max(jittered, low), high);
}
