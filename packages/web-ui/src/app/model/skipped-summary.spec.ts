import { describe, expect, it } from '@jest/globals';
import { skippedSummary } from './skipped-summary.js';

describe('skippedSummary', () => {
  it('should say how many were not resent and why, or nothing', () => {
    expect(skippedSummary(0, {})).toBeNull();
    expect(skippedSummary(3, { webhook_disabled: 2, interactive_call: 1 })).toBe('3 not resent (the resend rules refuse them): 2 webhook disabled, 1 interactive call.');
  });
});
