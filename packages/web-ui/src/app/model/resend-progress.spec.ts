import { describe, expect, it } from '@jest/globals';
import { resendFinished, resendProgress } from './resend-progress.js';

describe('resendProgress', () => {
  it('should say how many were sent, failed again and are pending, of all', () => {
    expect(resendProgress(3, null)).toBe('0 of 3 sent, 0 failed again, 3 pending');
    expect(resendProgress(3, { pending: 1, succeeded: 1, failed: 1, suppressed: 0, total: 3 })).toBe('1 of 3 sent, 1 failed again, 1 pending');
    expect(resendProgress(3, { pending: 0, succeeded: 1, failed: 1, suppressed: 1, total: 3 })).toBe('1 of 3 sent, 1 failed again, 0 pending, 1 held back');
  });
  it('should be finished once nothing is pending, not before the first count', () => {
    expect(resendFinished(null)).toBe(false);
    expect(resendFinished({ pending: 1, succeeded: 0, failed: 0, suppressed: 0, total: 1 })).toBe(false);
    expect(resendFinished({ pending: 0, succeeded: 1, failed: 0, suppressed: 0, total: 1 })).toBe(true);
  });
});
