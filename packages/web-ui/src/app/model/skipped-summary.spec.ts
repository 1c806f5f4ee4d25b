import { describe, expect, it } from '@jest/globals';
import type { Delivery, DeliveryStatus } from '../api/api-types.js';
import { resendProgress, skippedSummary } from './resend-progress.js';

const at = '2026-01-02T12:00:00Z';
const d = (id: string, status: DeliveryStatus, attempts: number): [string, Delivery] => [
  id,
  { id, webhookId: 'wh_1', event: 'e', eventId: 'm', status, attempts, nextAttemptAt: null, suppressedReason: null, lastError: null, createdAt: at, updatedAt: at },
];

describe('resendProgress', () => {
  it('should count attempted and settled deliveries as done', () => {
    const now = new Map([d('a', 'pending', 0), d('b', 'succeeded', 1), d('c', 'pending', 1), d('x', 'succeeded', 1)]);
    expect(resendProgress(['a', 'b', 'c', 'gone'], now)).toEqual({ total: 4, done: 2, succeeded: 1, failedAgain: 1 });
  });
});

describe('skippedSummary', () => {
  it('should say how many were not resent and why, or nothing', () => {
    expect(skippedSummary(0, {})).toBeNull();
    expect(skippedSummary(3, { webhook_disabled: 2, interactive_call: 1 })).toBe('3 not resent (the resend rules refuse them): 2 webhook disabled, 1 interactive call.');
  });
});
