import { describe, expect, it } from '@jest/globals';
import { NO_DELIVERIES, healthText } from './webhook-health.js';

describe('healthText', () => {
  it('should say there was no delivery, and nothing more', () => {
    expect(healthText(NO_DELIVERIES)).toEqual({ deliveries: 'No deliveries', rate: '', attempts: '' });
  });

  it('should count the deliveries, the share of the settled ones that succeeded, and the attempts that failed before a success', () => {
    expect(healthText({ succeeded: 3, failed: 1, pending: 2, failedAttempts: 7, failedBeforeSuccess: 3, succeededAfterRetry: 2 })).toEqual({
      deliveries: '3 succeeded, 1 failed, 2 pending',
      rate: '75% succeeded',
      attempts: '7 failed attempts; 2 deliveries succeeded after 3 failed attempts',
    });
    expect(healthText({ succeeded: 1, failed: 0, pending: 0, failedAttempts: 1, failedBeforeSuccess: 1, succeededAfterRetry: 1 }).attempts).toBe(
      '1 failed attempt; 1 delivery succeeded after 1 failed attempt',
    );
  });

  it('should give no rate while every delivery is pending', () => {
    expect(healthText({ ...NO_DELIVERIES, pending: 2, failedAttempts: 1 })).toEqual({ deliveries: '0 succeeded, 0 failed, 2 pending', rate: '', attempts: '1 failed attempt' });
  });
});
