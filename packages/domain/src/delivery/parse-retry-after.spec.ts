import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { parseRetryAfter } from './parse-retry-after.js';

const now = new Date('2025-03-01T12:00:00.000Z');

describe('parseRetryAfter', () => {
  describe('when the header is absent', () => {
    it('should be null', () => {
      expect(parseRetryAfter(undefined, now)).toBeNull();
    });
  });

  describe('when the header is delay-seconds', () => {
    it('should read it as milliseconds, spaces around allowed', () => {
      expect(parseRetryAfter('120', now)).toBe(120_000);
      expect(parseRetryAfter(' 0 ', now)).toBe(0);
    });

    it('should read any whole number of seconds', () => {
      fc.assert(
        fc.property(fc.nat({ max: 10_000_000 }), (seconds) => {
          expect(parseRetryAfter(String(seconds), now)).toBe(seconds * 1000);
        }),
      );
    });
  });

  describe('when the header is an HTTP-date', () => {
    it('should read an IMF-fixdate as the time until then', () => {
      expect(parseRetryAfter('Sat, 01 Mar 2025 12:02:00 GMT', now)).toBe(120_000);
    });

    it('should read a date in the past as no delay', () => {
      expect(parseRetryAfter('Wed, 21 Oct 2015 07:28:00 GMT', now)).toBe(0);
    });

    it('should read the obsolete RFC 850 form, a far-future two-digit year being last century', () => {
      expect(parseRetryAfter('Saturday, 01-Mar-25 12:00:30 GMT', now)).toBe(30_000);
      expect(parseRetryAfter('Sunday, 06-Nov-94 08:49:37 GMT', now)).toBe(0);
    });

    it('should read the obsolete asctime form', () => {
      expect(parseRetryAfter('Sat Mar  1 12:01:00 2025', now)).toBe(60_000);
    });

    it('should read a leap second as the second before', () => {
      expect(parseRetryAfter('Sat, 01 Mar 2025 12:00:60 GMT', now)).toBe(59_000);
    });
  });

  describe('when the header is malformed', () => {
    it.each([['-5'], ['1.5'], ['soon'], [''], ['Sat, 31 Feb 2025 12:00:00 GMT'], ['Sat, 01 Mar 2025 25:00:00 GMT'], ['Sat, 01 Mar 2025 12:00:00 gmt'], ['2025-03-01T12:05:00Z']])(
      'should be null for %j',
      (value) => {
        expect(parseRetryAfter(value, now)).toBeNull();
      },
    );
  });
});
