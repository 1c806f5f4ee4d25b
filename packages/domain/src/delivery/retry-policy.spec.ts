import { describe, expect, it } from '@jest/globals';
import { DEFAULT_RETRY_POLICY } from './retry-policy.js';

describe('DEFAULT_RETRY_POLICY', () => {
  describe('when read', () => {
    it('should try immediately, then after 5 s, 5 min, 30 min, 2 h, 5 h, 10 h and 10 h, with ±20 % jitter', () => {
      expect(DEFAULT_RETRY_POLICY.scheduleMs).toEqual([0, 5_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000, 36_000_000]);
      expect(DEFAULT_RETRY_POLICY.jitterRatio).toBe(0.2);
    });
  });
});
