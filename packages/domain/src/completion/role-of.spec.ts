import { describe, expect, it } from '@jest/globals';
import type { UserState } from '../model/user-state.js';
import { roleOf } from './role-of.js';

describe('roleOf', () => {
  describe('when the system is individual', () => {
    it('should make every user an applicant, whatever role the platform sent', () => {
      expect(roleOf({ id: 'u1', username: 'a' }, 'individual')).toBe('applicant');
      expect(roleOf({ id: 'u1', username: 'a', role: 'child' }, 'individual')).toBe('applicant');
    });
  });

  describe('when the system is family', () => {
    it('should read a user without a role as a parent', () => {
      expect(roleOf({ id: 'u1', username: 'a' }, 'family')).toBe('parent');
    });

    it('should keep the role the platform sent', () => {
      expect(roleOf({ id: 'u1', username: 'a', role: 'parent' }, 'family')).toBe('parent');
      expect(roleOf({ id: 'c1', username: 'c', role: 'child', parentId: 'u1' }, 'family')).toBe('child');
    });
  });

  describe('when the service already knows the user', () => {
    it('should keep the role it holds, whatever is sent', () => {
      const known: UserState = { projectId: 'p', userId: 'c1', role: 'child', parentId: 'u1', registered: false, complete: false, assignments: [] };
      expect(roleOf({ id: 'c1', username: 'c' }, 'family', known)).toBe('child');
      expect(roleOf({ id: 'c1', username: 'c', role: 'parent' }, 'family', known)).toBe('child');
      expect(roleOf({ id: 'c1', username: 'c', role: 'child' }, 'family', null)).toBe('child');
    });
  });
});
