/** When to try a delivery again: a schedule of delays, each spread by a random jitter. */
export interface RetryPolicy {
  /** Entry i is the delay (ms) before attempt i + 1; its length is the number of attempts in all. */
  readonly scheduleMs: readonly number[];
  /** Each delay is spread uniformly within ± this share of itself (0.2 → ±20 %). */
  readonly jitterRatio: number;
}

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

/** Immediately, then 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h: eight attempts over about a day, ±20 %. */
export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  scheduleMs: [0, 5 * SECOND, 5 * MINUTE, 30 * MINUTE, 2 * HOUR, 5 * HOUR, 10 * HOUR, 10 * HOUR],
  jitterRatio: 0.2,
};
