import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { MAX_NUMBER_ID, idKey, keyedUser, numberIdProblem } from './platform-id.js';

describe('idKey', () => {
  it('should key a whole number as its decimal string, and a string as itself', () => {
    expect(idKey(42)).toBe('42');
    expect(idKey('42')).toBe('42');
    expect(idKey(0)).toBe('0');
    expect(idKey(MAX_NUMBER_ID)).toBe('9007199254740991');
    fc.assert(fc.property(fc.nat({ max: MAX_NUMBER_ID }), (n) => expect(idKey(n)).toBe(idKey(String(n)))));
    fc.assert(fc.property(fc.string(), (s) => expect(idKey(s)).toBe(s)));
  });
});

describe('numberIdProblem', () => {
  it('should accept strings and whole numbers from 0 to 2^53 − 1', () => {
    fc.assert(fc.property(fc.oneof(fc.string(), fc.nat({ max: MAX_NUMBER_ID })), (id) => expect(numberIdProblem(id)).toBeNull()));
  });

  it('should refuse fractions, negatives, and numbers too large to be exact', () => {
    for (const id of [1.5, -1, MAX_NUMBER_ID + 1, 1e21, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(numberIdProblem(id)).toMatch(/whole number from 0 to 9007199254740991/);
    }
  });
});

describe('keyedUser', () => {
  it('should key the id and the parent id, and keep the rest', () => {
    expect(keyedUser({ id: 7, username: 'kid', role: 'child', parentId: 3, email: 'k@example.com' })).toEqual({
      id: '7',
      username: 'kid',
      role: 'child',
      parentId: '3',
      email: 'k@example.com',
    });
    expect(keyedUser({ id: 'u1', username: 'ann' })).toEqual({ id: 'u1', username: 'ann' });
  });
});
