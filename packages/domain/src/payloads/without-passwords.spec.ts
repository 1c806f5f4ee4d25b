import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import type { Json } from '../model/json.js';
import { isPasswordKey, withoutPasswords } from './without-passwords.js';

/** Every key of every object inside `value`. */
function keysIn(value: Json): string[] {
  if (Array.isArray(value)) return value.flatMap(keysIn);
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).flatMap(([key, item]) => [key, ...keysIn(item)]);
  }
  return [];
}

/** JSON with password keys in any case sprinkled in at any depth. */
const passwordKey = fc.constantFrom('password', 'Password', 'PASSWORD', 'pAsSwOrD');
const jsonWithPasswords: fc.Arbitrary<Json> = fc.letrec<{ json: Json }>((tie) => ({
  json: fc.oneof(
    { depthSize: 'small' },
    fc.oneof(fc.constant(null), fc.boolean(), fc.integer(), fc.string()),
    fc.array(tie('json'), { maxLength: 4 }),
    fc.dictionary(fc.oneof(fc.string(), passwordKey), tie('json'), { maxKeys: 5 }),
  ),
})).json;

describe('withoutPasswords', () => {
  describe('when passwords sit anywhere in the value', () => {
    it('should leave no key named password, in any case, at any depth', () => {
      fc.assert(
        fc.property(jsonWithPasswords, (value) => {
          expect(keysIn(withoutPasswords(value)).some(isPasswordKey)).toBe(false);
        }),
      );
    });

    it('should change nothing else', () => {
      fc.assert(
        fc.property(jsonWithPasswords, (value) => {
          const expected = JSON.stringify(value, (key, item: unknown) => (isPasswordKey(key) ? undefined : item));
          expect(JSON.stringify(withoutPasswords(value))).toBe(expected);
        }),
      );
    });

    it('should remove nested and differently cased passwords but keep similar names', () => {
      const value: Json = { user: { PassWord: 'x', password_hint: 'pet' }, list: [{ password: 'y', ok: 1 }], password: 'z' };
      expect(withoutPasswords(value)).toEqual({ user: { password_hint: 'pet' }, list: [{ ok: 1 }] });
    });
  });

  describe('when a key is __proto__', () => {
    it('should copy it as plain data, never as a prototype', () => {
      const value = JSON.parse('{"__proto__": {"polluted": true, "password": "x"}}') as Json;
      const copy = withoutPasswords(value) as Record<string, unknown>;
      expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
      expect(Object.getOwnPropertyDescriptor(copy, '__proto__')?.value).toEqual({ polluted: true });
    });
  });

  describe('when the value is not an object', () => {
    it.each([null, true, 3, 'password'])('should return %p as it is', (value) => {
      expect(withoutPasswords(value)).toBe(value);
    });
  });
});
