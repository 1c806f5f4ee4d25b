import { describe, expect, it } from '@jest/globals';
import { formatRelative, formatUtc } from './format.js';

describe('formatUtc', () => {
  it('should write the time in UTC to the second, and leave what is no time as it is', () => {
    expect(formatUtc('2026-01-31T14:05:09.123+01:00')).toBe('2026-01-31 13:05:09 UTC');
    expect(formatUtc('soon')).toBe('soon');
  });
});

describe('formatRelative', () => {
  const now = new Date('2026-01-31T12:00:00Z');
  it('should say the largest whole unit, past or ahead, and now within ten seconds', () => {
    expect(formatRelative('2026-01-31T11:59:55Z', now)).toBe('now');
    expect(formatRelative('2026-01-31T11:55:00Z', now)).toBe('5 minutes ago');
    expect(formatRelative('2026-01-31T14:00:00Z', now)).toBe('in 2 hours');
    expect(formatRelative('2026-01-29T12:00:00Z', now)).toBe('2 days ago');
  });
});
