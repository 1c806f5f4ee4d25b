import { describe, expect, it } from '@jest/globals';
import { formatTable, thousands } from './format.js';

describe('formatTable', () => {
  it('should give rates per second and per delivery', () => {
    const table = formatTable([{ database: 'postgres', queued: 1_000_000, how: 'claim+complete', done: 2_000, ms: 500 }]);
    expect(table.split('\n')[2]).toBe('| postgres | 1,000,000 | claim+complete | 2,000 | 4,000 | 250 |');
  });

  it('should group thousands', () => {
    expect(thousands(1234567.4)).toBe('1,234,567');
  });
});
