import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { jsonEquals } from './json-equals.js';

describe('jsonEquals', () => {
  describe('when comparing a value with a deep copy of itself', () => {
    it('should be equal, whatever the value', () => {
      fc.assert(
        fc.property(fc.jsonValue(), (value) => {
          expect(jsonEquals(value as never, structuredClone(value) as never)).toBe(true);
        }),
      );
    });
  });

  describe('when objects have the same entries in another order', () => {
    it('should be equal', () => {
      expect(jsonEquals({ a: 1, b: [1, { c: null }] }, { b: [1, { c: null }], a: 1 })).toBe(true);
    });
  });

  describe('when values differ', () => {
    it('should not be equal across types, lengths, orders or keys', () => {
      expect(jsonEquals('5', 5)).toBe(false);
      expect(jsonEquals(null, {})).toBe(false);
      expect(jsonEquals({}, null)).toBe(false);
      expect(jsonEquals(undefined, 1)).toBe(false);
      expect(jsonEquals([1, 2], [2, 1])).toBe(false);
      expect(jsonEquals([1], [1, 1])).toBe(false);
      expect(jsonEquals([1], { 0: 1 })).toBe(false);
      expect(jsonEquals({ a: 1 }, { a: 1, b: 2 })).toBe(false);
      expect(jsonEquals({ a: 1, b: 2 }, { a: 1, c: 2 })).toBe(false);
      expect(jsonEquals({ a: { b: 1 } }, { a: { b: 2 } })).toBe(false);
    });
  });
});
