import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import type { Random } from '../ports/random.port.js';
import { retryDelayMs } from './retry-delay.js';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from './retry-policy.js';

const fixed = (value: number): Random => ({ float: () => value, bytes: (length) => new Uint8Array(length) });
const unit = fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true });
const attempts = DEFAULT_RETRY_POLICY.scheduleMs.length;

describe('retryDelayMs', () => {
  describe('when attempts remain and no Retry-After was sent', () => {
    it('should wait the scheduled delay at the middle of the jitter range', () => {
      expect(retryDelayMs({ attemptsMade: 1, policy: DEFAULT_RETRY_POLICY, random: fixed(0.5), retryAfterMs: null })).toBe(5_000);
    });

    it('should reach both ends of the jitter range', () => {
      expect(retryDelayMs({ attemptsMade: 2, policy: DEFAULT_RETRY_POLICY, random: fixed(0), retryAfterMs: null })).toBe(240_000);
      expect(retryDelayMs({ attemptsMade: 2, policy: DEFAULT_RETRY_POLICY, random: fixed(0.999999999), retryAfterMs: null })).toBe(360_000);
    });

    it('should always stay within ±jitterRatio of the scheduled delay, in whole milliseconds', () => {
      fc.assert(
        fc.property(fc.integer({ min: 0, max: attempts - 1 }), unit, (attemptsMade, r) => {
          const base = DEFAULT_RETRY_POLICY.scheduleMs[attemptsMade]!;
          const delay = retryDelayMs({ attemptsMade, policy: DEFAULT_RETRY_POLICY, random: fixed(r), retryAfterMs: null });
          expect(delay).not.toBeNull();
          expect(Number.isInteger(delay)).toBe(true);
          expect(delay!).toBeGreaterThanOrEqual(base * 0.8);
          expect(delay!).toBeLessThanOrEqual(base * 1.2);
        }),
      );
    });

    it('should stay within bounds for any schedule and jitter ratio', () => {
      fc.assert(
        fc.property(
          fc.array(fc.nat({ max: 100_000_000 }), { minLength: 1, maxLength: 10 }),
          fc.double({ min: 0, max: 1, noNaN: true }),
          unit,
          (scheduleMs, jitterRatio, r) => {
            const policy: RetryPolicy = { scheduleMs, jitterRatio };
            scheduleMs.forEach((base, attemptsMade) => {
              const delay = retryDelayMs({ attemptsMade, policy, random: fixed(r), retryAfterMs: null })!;
              expect(delay).toBeGreaterThanOrEqual(base * (1 - jitterRatio));
              expect(delay).toBeLessThanOrEqual(base * (1 + jitterRatio));
            });
          },
        ),
      );
    });

    it('should round a fractional base that leaves no whole millisecond inside the range', () => {
      const policy: RetryPolicy = { scheduleMs: [0, 0.5], jitterRatio: 0.2 };
      expect(retryDelayMs({ attemptsMade: 1, policy, random: fixed(0.5), retryAfterMs: null })).toBe(1);
    });
  });

  describe('when the receiver sent Retry-After', () => {
    it('should honour it clamped to [base, 2·base], without jitter', () => {
      const policy = DEFAULT_RETRY_POLICY;
      expect(retryDelayMs({ attemptsMade: 2, policy, random: fixed(0), retryAfterMs: 400_000 })).toBe(400_000);
      expect(retryDelayMs({ attemptsMade: 2, policy, random: fixed(0), retryAfterMs: 1_000 })).toBe(300_000);
      expect(retryDelayMs({ attemptsMade: 2, policy, random: fixed(0), retryAfterMs: 86_400_000 })).toBe(600_000);
    });

    it('should always stay within [base, 2·base]', () => {
      fc.assert(
        fc.property(fc.integer({ min: 0, max: attempts - 1 }), fc.nat(), unit, (attemptsMade, retryAfterMs, r) => {
          const base = DEFAULT_RETRY_POLICY.scheduleMs[attemptsMade]!;
          const delay = retryDelayMs({ attemptsMade, policy: DEFAULT_RETRY_POLICY, random: fixed(r), retryAfterMs })!;
          expect(delay).toBeGreaterThanOrEqual(base);
          expect(delay).toBeLessThanOrEqual(2 * base);
        }),
      );
    });
  });

  describe('when the schedule is exhausted', () => {
    it('should be null exactly after the last attempt', () => {
      fc.assert(
        fc.property(fc.integer({ min: 0, max: 50 }), unit, fc.option(fc.nat(), { nil: null }), (attemptsMade, r, retryAfterMs) => {
          const delay = retryDelayMs({ attemptsMade, policy: DEFAULT_RETRY_POLICY, random: fixed(r), retryAfterMs });
          expect(delay === null).toBe(attemptsMade >= attempts);
        }),
      );
    });
  });

  describe('when attemptsMade is not a whole number ≥ 0', () => {
    it('should throw, this being a bug of the caller', () => {
      expect(() => retryDelayMs({ attemptsMade: -1, policy: DEFAULT_RETRY_POLICY, random: fixed(0), retryAfterMs: null })).toThrow(RangeError);
      expect(() => retryDelayMs({ attemptsMade: 1.5, policy: DEFAULT_RETRY_POLICY, random: fixed(0), retryAfterMs: null })).toThrow(RangeError);
    });
  });
});
