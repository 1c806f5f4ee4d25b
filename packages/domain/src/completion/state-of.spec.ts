import { describe, expect, it } from '@jest/globals';
import type { Project } from '../model/project.js';
import type { UserState } from '../model/user-state.js';
import { stateOf } from './state-of.js';

const project: Project = { id: 'p1', name: 'Camp', system: 'family', platformKeyHash: 'h', createdAt: new Date(0) };

describe('stateOf', () => {
  describe('when the service holds the user', () => {
    it('should answer the state it holds', () => {
      const held: UserState = { projectId: 'p1', userId: 'c1', role: 'child', parentId: 'mum', registered: false, complete: true, assignments: [] };
      expect(stateOf(project, { id: 'c1', username: 'kid', role: 'parent' }, held)).toBe(held);
    });
  });

  describe('when the user is new', () => {
    it('should start them with the role sent, nothing assigned, not registered nor complete', () => {
      expect(stateOf(project, { id: 'c1', username: 'kid', role: 'child', parentId: 'mum' }, undefined)).toEqual({
        projectId: 'p1',
        userId: 'c1',
        role: 'child',
        parentId: 'mum',
        registered: false,
        complete: false,
        assignments: [],
      });
      expect(stateOf(project, { id: 'dad', username: 'dad' }, null).role).toBe('parent');
    });
  });
});
