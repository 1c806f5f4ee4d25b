import { describe, expect, it } from '@jest/globals';
import type { Form } from '../model/form.js';
import type { Assignment, UserState } from '../model/user-state.js';
import { isComplete } from './is-complete.js';

const form = (id: string, mandatory = true): Form => ({ projectId: 'p1', id, name: id, audience: 'user', mandatory });
const state = (assignments: readonly Assignment[]): UserState => ({
  projectId: 'p1',
  userId: 'u1',
  role: 'applicant',
  parentId: null,
  registered: true,
  complete: false,
  assignments,
});
const open = (formId: string): Assignment => ({ formId, completed: false, source: 'account_created' });
const done = (formId: string): Assignment => ({ formId, completed: true, source: 'account_created' });

describe('isComplete', () => {
  describe('when every mandatory assigned form is completed', () => {
    it('should be complete', () => {
      expect(isComplete(state([done('a'), done('b')]), [form('a'), form('b')])).toBe(true);
    });
  });

  describe('when a mandatory assigned form is open', () => {
    it('should not be complete', () => {
      expect(isComplete(state([done('a'), open('b')]), [form('a'), form('b')])).toBe(false);
    });
  });

  describe('when only an optional form is open', () => {
    it('should be complete, optional forms not counting', () => {
      expect(isComplete(state([done('a'), open('opt')]), [form('a'), form('opt', false)])).toBe(true);
    });
  });

  describe('when no mandatory form is assigned', () => {
    it('should not be complete, there being nothing to complete', () => {
      expect(isComplete(state([]), [form('a')])).toBe(false);
      expect(isComplete(state([done('opt')]), [form('opt', false)])).toBe(false);
    });
  });

  describe('when an assigned form is unknown', () => {
    it('should ignore the assignment', () => {
      expect(isComplete(state([done('a'), open('ghost')]), [form('a')])).toBe(true);
    });

    it('should ignore a form of another project with the same id', () => {
      const foreign: Form = { ...form('b'), projectId: 'p2' };
      expect(isComplete(state([done('a'), open('b')]), [form('a'), foreign])).toBe(true);
    });
  });

  describe('when a mandatory form exists but is not assigned', () => {
    it('should not count it', () => {
      expect(isComplete(state([done('a')]), [form('a'), form('b')])).toBe(true);
    });
  });
});
