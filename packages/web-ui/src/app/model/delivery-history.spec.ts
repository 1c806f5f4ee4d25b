import { describe, expect, it } from '@jest/globals';
import type { Delivery, DeliveryStatus } from '../api/api-types.js';
import { deliveryHistory, historySince, lastAttempted } from './delivery-history.js';

const now = new Date('2026-01-02T12:30:00Z');

function delivery(id: string, status: DeliveryStatus, createdAt: string, extra: Partial<Delivery> = {}): Delivery {
  return {
    id,
    webhookId: 'wh_1',
    event: 'user_registered',
    eventId: `msg_${id}`,
    status,
    nextAttemptAt: null,
    suppressedReason: null,
    lastError: null,
    createdAt,
    updatedAt: createdAt,
    attempts: status === 'pending' ? 0 : 1,
    ...extra,
  };
}

describe('deliveryHistory', () => {
  describe('when some deliveries failed before succeeding', () => {
    it('should count the failed attempts of every delivery, and the successes that came after a retry', () => {
      const history = deliveryHistory(
        [
          delivery('a', 'succeeded', '2026-01-02T12:10:00Z', { attempts: 3 }),
          delivery('b', 'succeeded', '2026-01-02T12:11:00Z'),
          delivery('c', 'failed', '2026-01-02T12:12:00Z', { attempts: 5 }),
          delivery('d', 'pending', '2026-01-02T12:13:00Z', { attempts: 1 }),
          delivery('e', 'suppressed', '2026-01-02T12:14:00Z', { attempts: 0 }),
        ],
        now,
      );
      expect(history).toMatchObject({ succeeded: 2, failed: 1, pending: 1, failedAttempts: 2 + 5 + 1, succeededAfterRetry: 1 });
    });
  });

  describe('when deliveries fall in the window', () => {
    const history = deliveryHistory(
      [
        delivery('a', 'succeeded', '2026-01-02T12:10:00Z'),
        delivery('b', 'failed', '2026-01-02T12:20:00Z'),
        delivery('c', 'pending', '2026-01-02T11:20:00Z'),
        delivery('d', 'succeeded', '2026-01-01T13:00:00Z'),
        delivery('e', 'suppressed', '2026-01-02T12:00:00Z'),
        delivery('f', 'succeeded', '2026-01-01T12:00:00Z'),
      ],
      now,
    );
    it('should count them by the hour they were created in, oldest first', () => {
      expect(history.buckets).toHaveLength(24);
      expect(history.buckets[23]).toMatchObject({ succeeded: 1, failed: 1, pending: 0 });
      expect(history.buckets[22]).toMatchObject({ succeeded: 0, failed: 0, pending: 1 });
      expect(history.buckets[0]).toMatchObject({ succeeded: 1 });
      expect(history.buckets[0]?.start.toISOString()).toBe('2026-01-01T12:30:00.000Z');
    });
    it('should leave out suppressed ones and those older than the window', () => {
      expect(history).toMatchObject({ succeeded: 2, failed: 1, pending: 1 });
    });
    it('should rate success over the settled ones only', () => {
      expect(history.successRate).toBeCloseTo(2 / 3);
    });
  });

  describe('when nothing has settled', () => {
    it('should have no success rate', () => {
      expect(deliveryHistory([delivery('a', 'pending', '2026-01-02T12:00:00Z')], now).successRate).toBeNull();
    });
  });
});

describe('historySince', () => {
  it('should be 24 hours before now', () => {
    expect(historySince(now).toISOString()).toBe('2026-01-01T12:30:00.000Z');
  });
});

describe('lastAttempted', () => {
  it('should pick the attempted delivery changed last', () => {
    const picked = lastAttempted([
      delivery('a', 'succeeded', '2026-01-02T10:00:00Z', { updatedAt: '2026-01-02T10:00:01Z' }),
      delivery('b', 'pending', '2026-01-02T09:00:00Z', { attempts: 2, updatedAt: '2026-01-02T11:00:00Z' }),
      delivery('c', 'pending', '2026-01-02T12:00:00Z', { updatedAt: '2026-01-02T12:00:00Z' }),
    ]);
    expect(picked?.id).toBe('b');
  });
  it('should be null when nothing was attempted', () => {
    expect(lastAttempted([delivery('c', 'pending', '2026-01-02T12:00:00Z')])).toBeNull();
  });
});
