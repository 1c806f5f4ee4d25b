import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import type { UserRef } from '../model/activity.js';
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
