import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import type { Random } from '../ports/random.port.js';
import type { TransportResult } from '../ports/webhook-transport.port.js';
import { decideNext } from './decide-next.js';
import { DEFAULT_RETRY_POLICY } from './retry-policy.js';

const now = new Date('2025-03-01T12:00:00.000Z');
const random: Random = { float: () => 0.5, bytes: (length) => new Uint8Array(length) };
const response = (status: number, headers: Record<string, string> = {}): TransportResult => ({
  kind: 'response',
  status,
  headers,
  body: '',
  truncated: false,
  durationMs: 12,
});
const decide = (result: TransportResult, attemptsMade: number): ReturnType<typeof decideNext> =>
  decideNext({ result, attemptsMade, now, policy: DEFAULT_RETRY_POLICY, random });

describe('decideNext', () => {
  describe('when the attempt succeeded', () => {
    it('should mark the delivery succeeded with no error', () => {
      expect(decide(response(200), 1)).toEqual({ next: { kind: 'succeeded' }, errorClass: null, message: null, disable: false });
    });
  });

  describe('when the receiver answered 410 Gone', () => {
    it('should fail the delivery and disable the subscription, even with attempts left', () => {
      expect(decide(response(410), 1)).toEqual({
        next: { kind: 'failed' },
        errorClass: 'http_status',
        message: expect.stringContaining('410'),
        disable: true,
      });
    });
  });

  describe('when the attempt should be retried and attempts remain', () => {
    it('should retry after the scheduled delay', () => {
      expect(decide(response(500), 1)).toEqual({
        next: { kind: 'retry', delayMs: 5_000 },
        errorClass: 'http_status',
        message: 'HTTP 500',
        disable: false,
      });
    });

    it('should honour Retry-After within [base, 2·base]', () => {
      expect(decide(response(429, { 'retry-after': '420' }), 2).next).toEqual({ kind: 'retry', delayMs: 420_000 });
      expect(decide(response(503, { 'retry-after': '99999' }), 2).next).toEqual({ kind: 'retry', delayMs: 600_000 });
    });

    it('should retry a transport error with its class', () => {
      const result: TransportResult = { kind: 'error', error: 'timeout', message: 'no answer in 5000 ms', durationMs: 5000 };
      expect(decide(result, 3)).toMatchObject({ errorClass: 'timeout', message: 'no answer in 5000 ms', disable: false });
    });
  });

  describe('when the SSRF guard refused the target (blocked)', () => {
    const blocked: TransportResult = { kind: 'error', error: 'blocked', message: 'hooks.example resolves to 10.0.0.7, refused: private', durationMs: 1 };

    it('should retry while the next scheduled delay is short (at once, 5 s, 5 min), for DNS that may change', () => {
      expect(decide(blocked, 1)).toMatchObject({ next: { kind: 'retry', delayMs: 5_000 }, errorClass: 'blocked' });
      expect(decide(blocked, 2)).toMatchObject({ next: { kind: 'retry', delayMs: 300_000 }, errorClass: 'blocked' });
    });

    it('should fail the delivery with the reason at the first blocked attempt whose next delay is longer, not wait out the schedule', () => {
      expect(decide(blocked, 3)).toEqual({ next: { kind: 'failed' }, errorClass: 'blocked', message: blocked.message, disable: false });
      expect(decide(blocked, 6)).toMatchObject({ next: { kind: 'failed' } });
    });

    it('should fail at once under a schedule whose first retry is long, and follow a schedule of short delays to its end', () => {
      const long = decideNext({ result: blocked, attemptsMade: 1, now, policy: { scheduleMs: [0, 3_600_000], jitterRatio: 0 }, random });
      expect(long.next).toEqual({ kind: 'failed' });
      const short = { scheduleMs: [0, 100, 100], jitterRatio: 0 };
      expect(decideNext({ result: blocked, attemptsMade: 2, now, policy: short, random }).next).toEqual({ kind: 'retry', delayMs: 100 });
      expect(decideNext({ result: blocked, attemptsMade: 3, now, policy: short, random }).next).toEqual({ kind: 'failed' });
    });

    it('should keep retrying other transport errors on the whole schedule', () => {
      const refused: TransportResult = { kind: 'error', error: 'refused', message: 'ECONNREFUSED', durationMs: 1 };
      expect(decide(refused, 7).next.kind).toBe('retry');
    });
  });

  describe('when the last attempt fails', () => {
    it('should fail the delivery, keeping the error', () => {
      expect(decide(response(302), DEFAULT_RETRY_POLICY.scheduleMs.length)).toEqual({
        next: { kind: 'failed' },
        errorClass: 'redirect',
        message: expect.stringContaining('302'),
        disable: false,
      });
    });
  });

  describe('when any failing attempt is decided', () => {
    it('should retry within the jittered bounds while attempts remain and fail after the last', () => {
      fc.assert(
        fc.property(
          fc.integer({ min: 1, max: 10 }),
          fc.constantFrom(400, 404, 429, 500, 502, 503),
          fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
          (attemptsMade, status, r) => {
            const step = decideNext({ result: response(status), attemptsMade, now, policy: DEFAULT_RETRY_POLICY, random: { ...random, float: () => r } });
            const base = DEFAULT_RETRY_POLICY.scheduleMs[attemptsMade];
            if (base === undefined) {
              expect(step.next).toEqual({ kind: 'failed' });
            } else {
              expect(step.next.kind).toBe('retry');
              const delay = step.next.kind === 'retry' ? step.next.delayMs : NaN;
              expect(delay).toBeGreaterThanOrEqual(base * 0.8);
              expect(delay).toBeLessThanOrEqual(base * 1.2);
            }
          },
        ),
      );
    });
  });
});
