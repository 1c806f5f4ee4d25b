import { describe, expect, it } from '@jest/globals';
import type { Trigger } from '../model/form.js';
import type { Project } from '../model/project.js';
import type { UserState } from '../model/user-state.js';
import { assignOnAccountCreated } from './assign-on-account-created.js';

const project = (system: Project['system']): Project => ({
  id: 'p1',
  name: 'Camp',
  system,
  platformKeyHash: 'x',
  createdAt: new Date('2025-01-01T00:00:00Z'),
});
const triggers: readonly Trigger[] = [
  { projectId: 'p1', id: 't1', on: { type: 'account_created' }, addForms: ['a', 'b'] },
  { projectId: 'p1', id: 't2', on: { type: 'account_created' }, addForms: ['b', 'c'] },
  { projectId: 'p1', id: 't3', on: { type: 'child_created' }, addForms: ['kid'] },
  { projectId: 'p1', id: 't4', on: { type: 'form_submitted', formId: 'a' }, addForms: ['later'] },
  { projectId: 'p2', id: 't5', on: { type: 'account_created' }, addForms: ['foreign'] },
];

describe('assignOnAccountCreated', () => {
  describe('when a new applicant registers in an individual system', () => {
    it('should assign the forms of every account_created trigger once each, open', () => {
      const state = assignOnAccountCreated({
        project: project('individual'),
        triggers,
        user: { id: 'u1', username: 'ann' },
        existing: null,
      });
      expect(state).toEqual({
        projectId: 'p1',
        userId: 'u1',
        role: 'applicant',
        parentId: null,
        registered: true,
        complete: false,
        assignments: [
          { formId: 'a', completed: false, source: 'account_created' },
          { formId: 'b', completed: false, source: 'account_created' },
          { formId: 'c', completed: false, source: 'account_created' },
        ],
      });
    });
  });

  describe('when a parent registers in a family system', () => {
    it('should make the user a parent', () => {
      const state = assignOnAccountCreated({
        project: project('family'),
        triggers,
        user: { id: 'u1', username: 'ann' },
        existing: null,
      });
      expect(state.role).toBe('parent');
    });

    it('should keep the parent id of a user the platform describes as a child', () => {
      const state = assignOnAccountCreated({
        project: project('family'),
        triggers: [],
        user: { id: 'c1', username: 'kid', role: 'child', parentId: 'u1' },
        existing: null,
      });
      expect(state).toMatchObject({ role: 'child', parentId: 'u1', assignments: [] });
    });
  });

  describe('when the user already has a state', () => {
    it('should keep existing assignments and their completion, never duplicating one', () => {
      const existing: UserState = {
        projectId: 'p1',
        userId: 'u1',
        role: 'applicant',
        parentId: null,
        registered: false,
        complete: true,
        assignments: [{ formId: 'b', completed: true, source: 'submission' }],
      };
      const state = assignOnAccountCreated({
        project: project('individual'),
        triggers,
        user: { id: 'u1', username: 'ann' },
        existing,
      });
      expect(state.registered).toBe(true);
      expect(state.complete).toBe(true);
      expect(state.assignments).toEqual([
        { formId: 'b', completed: true, source: 'submission' },
        { formId: 'a', completed: false, source: 'account_created' },
        { formId: 'c', completed: false, source: 'account_created' },
      ]);
    });
  });
});
