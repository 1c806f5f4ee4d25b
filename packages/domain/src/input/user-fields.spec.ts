import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import type { Json, JsonObject } from '../model/json.js';
import { USER_FIELDS_LIMITS, userFieldsProblem } from './user-fields.js';

/** An object `levels` deep: `{ a: { a: … 1 } }`. */
const nested = (levels: number): JsonObject => {
  let value: Json = 1;
  for (let i = 0; i < levels; i += 1) value = { a: value };
  return value as JsonObject;
};

describe('userFieldsProblem', () => {
  it('should accept small, shallow objects of the platform', () => {
    expect(userFieldsProblem({ school: 'North', grade: 7, guardians: [{ name: 'Bea' }], consents: { photo: true } })).toBeNull();
    expect(userFieldsProblem({})).toBeNull();
    fc.assert(
      fc.property(fc.dictionary(fc.string({ maxLength: 20 }), fc.oneof(fc.string({ maxLength: 20 }), fc.integer(), fc.boolean(), fc.constant(null)), { maxKeys: 50 }), (fields) => {
        expect(userFieldsProblem(fields)).toBeNull();
      }),
    );
  });

  it(`should allow ${USER_FIELDS_LIMITS.maxDepth} levels and refuse one more, however deep`, () => {
    expect(userFieldsProblem(nested(USER_FIELDS_LIMITS.maxDepth))).toBeNull();
    expect(userFieldsProblem(nested(USER_FIELDS_LIMITS.maxDepth + 1))).toMatch(/at most 3 levels deep/);
    expect(userFieldsProblem({ list: [[1]] })).toBeNull();
    expect(userFieldsProblem({ list: [[[1]]] })).toMatch(/levels deep/);
    expect(userFieldsProblem(nested(100_000))).toMatch(/levels deep/);
  });

  it('should refuse too many keys in any one object, and long keys', () => {
    const many = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, i]));
    expect(userFieldsProblem(many(USER_FIELDS_LIMITS.maxKeys))).toBeNull();
    expect(userFieldsProblem(many(USER_FIELDS_LIMITS.maxKeys + 1))).toMatch(/at most 50 keys/);
    expect(userFieldsProblem({ inner: many(USER_FIELDS_LIMITS.maxKeys + 1) })).toMatch(/at most 50 keys/);
    expect(userFieldsProblem({ ['k'.repeat(101)]: 1 })).toMatch(/keys of at most 100 characters/);
  });

  it('should refuse more JSON than the bound, and what is not an object', () => {
    expect(userFieldsProblem({ note: 'x'.repeat(USER_FIELDS_LIMITS.maxJsonLength) })).toMatch(/at most 8192 characters of JSON/);
    expect(userFieldsProblem([1] as unknown as JsonObject)).toBe('must be an object');
    expect(userFieldsProblem(null as unknown as JsonObject)).toBe('must be an object');
  });
});
