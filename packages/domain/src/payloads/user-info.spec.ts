import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import type { UserRef } from '../model/activity.js';
import type { Json } from '../model/json.js';
import { USER_INFO_KEYS, userInfo } from './user-info.js';

describe('userInfo', () => {
  describe('when the user has every documented property', () => {
    it('should give them in snake_case', () => {
      const user: UserRef = { id: 'u1', username: 'ann@example.com', firstName: 'Ann', lastName: 'Lee', role: 'child', parentId: 'u0' };
      expect(userInfo(user)).toEqual({
        id: 'u1',
        username: 'ann@example.com',
        first_name: 'Ann',
        last_name: 'Lee',
        role: 'child',
        parent_id: 'u0',
      });
    });
  });

  describe('when the ids were sent as numbers', () => {
    it('should show them as the numbers they were sent as', () => {
      expect(userInfo({ id: 42, username: 'kid', role: 'child', parentId: 7 })).toEqual({ id: 42, username: 'kid', role: 'child', parent_id: 7 });
      expect(userInfo({ id: 0, username: 'zero', parentId: '7' })).toEqual({ id: 0, username: 'zero', parent_id: '7' });
    });

    it('should skip a number that is no id (not a whole number)', () => {
      expect(userInfo({ id: 1.5, username: 'x', parentId: Number.NaN })).toEqual({ username: 'x' });
    });
  });

  describe('when the user has an email and fields of the platform', () => {
    it('should deliver them, the fields as given', () => {
      const fields = { school: 'North', grade: 7, guardians: [{ name: 'Bea' }], consent: true, note: null };
      expect(userInfo({ id: 'u1', username: 'ann', email: 'ann@example.com', fields })).toEqual({ id: 'u1', username: 'ann', email: 'ann@example.com', fields });
    });

    it('should remove every password key of the fields, at any depth', () => {
      fc.assert(
        fc.property(fc.dictionary(fc.string(), fc.jsonValue({ maxDepth: 4 }) as fc.Arbitrary<Json>), fc.constantFrom('password', 'Password', 'PASSWORD'), (fields, key) => {
          const info = userInfo({ id: 'u1', username: 'ann', fields: { ...fields, [key]: 'hunter2', nested: [{ deeper: { [key]: 'hunter2' } }] } });
          expect(JSON.stringify(info)).not.toContain('hunter2');
        }),
      );
    });

    it('should skip fields that are not an object', () => {
      expect(userInfo({ id: 'u1', username: 'ann', fields: ['a'] } as unknown as UserRef)).toEqual({ id: 'u1', username: 'ann' });
    });
  });

  describe('when optional properties are absent', () => {
    it('should leave their fields out rather than send them empty', () => {
      expect(userInfo({ id: 'u1', username: 'ann' })).toEqual({ id: 'u1', username: 'ann' });
    });
  });

  describe('when the object carries more at runtime', () => {
    it('should never copy a password', () => {
      const user = { id: 'u1', username: 'ann', password: 'hunter2', Password: 'x' } as UserRef;
      expect(JSON.stringify(userInfo(user))).not.toContain('hunter2');
    });

    it('should give only whitelisted fields, whatever extra keys the object has', () => {
      fc.assert(
        fc.property(
          fc.dictionary(fc.string(), fc.jsonValue()),
          fc.record({ id: fc.string(), username: fc.string() }, { requiredKeys: ['id', 'username'] }),
          (extra, base) => {
            const info = userInfo({ ...extra, ...base } as UserRef);
            expect(Object.keys(info).every((key) => USER_INFO_KEYS.includes(key))).toBe(true);
            expect(info['id']).toBe(base.id);
            expect(info['username']).toBe(base.username);
          },
        ),
      );
    });

    it('should skip a whitelisted property that is not a string', () => {
      const user = { id: 'u1', username: 'ann', firstName: { password: 'x' } } as unknown as UserRef;
      expect(userInfo(user)).toEqual({ id: 'u1', username: 'ann' });
    });
  });
});
