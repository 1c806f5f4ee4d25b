import { describe, expect, it } from '@jest/globals';
import type { Trigger } from '../model/form.js';
import type { Project } from '../model/project.js';
import type { UserState } from '../model/user-state.js';
import { assignOnChildCreated } from './assign-on-child-created.js';

const project: Project = {
  id: 'p1',
  name: 'Camp',
  system: 'family',
  platformKeyHash: 'x',
  createdAt: new Date('2025-01-01T00:00:00Z'),
};
const triggers: readonly Trigger[] = [
  { projectId: 'p1', id: 't1', on: { type: 'account_created' }, addForms: ['parent-form'] },
  { projectId: 'p1', id: 't2', on: { type: 'child_created' }, addForms: ['medical', 'consent'] },
  { projectId: 'p1', id: 't3', on: { type: 'child_created' }, addForms: ['medical'] },
];

describe('assignOnChildCreated', () => {
  describe('when a parent adds a new child', () => {
    it('should make a child state with the forms of every child_created trigger, once each', () => {
      const state = assignOnChildCreated({
        project,
        triggers,
        child: { id: 'c1', username: 'kid', role: 'child', parentId: 'u1' },
        existing: null,
      });
      expect(state).toEqual({
        projectId: 'p1',
        userId: 'c1',
        role: 'child',
        parentId: 'u1',
        registered: false,
        complete: false,
        assignments: [
          { formId: 'medical', completed: false, source: 'child_created' },
          { formId: 'consent', completed: false, source: 'child_created' },
        ],
      });
    });

    it('should leave the parent unknown when the platform names none', () => {
      const state = assignOnChildCreated({ project, triggers: [], child: { id: 'c1', username: 'kid' }, existing: null });
      expect(state.parentId).toBeNull();
    });
  });

  describe('when the child already has a state', () => {
    it('should keep its assignments, verdict and parent, adding only missing forms', () => {
      const existing: UserState = {
        projectId: 'p1',
        userId: 'c1',
        role: 'child',
        parentId: 'u1',
        registered: false,
        complete: true,
        assignments: [{ formId: 'medical', completed: true, source: 'child_created' }],
      };
      const state = assignOnChildCreated({ project, triggers, child: { id: 'c1', username: 'kid' }, existing });
      expect(state.parentId).toBe('u1');
      expect(state.complete).toBe(true);
      expect(state.assignments).toEqual([
        { formId: 'medical', completed: true, source: 'child_created' },
        { formId: 'consent', completed: false, source: 'child_created' },
      ]);
    });
  });
});
