import { describe, expect, it } from '@jest/globals';
import type { Form, Reach } from '../model/form.js';
import type { Assignment, UserRole, UserState } from '../model/user-state.js';
import { assignForm, unassignForm } from './platform-assignment.js';

const form = (id: string, reach: Reach = 'assigned', audience: Form['audience'] = 'user'): Form => ({ projectId: 'p1', id, name: id, audience, mandatory: true, reach });
const state = (assignments: readonly Assignment[], complete = false, role: UserRole = 'applicant'): UserState => ({
  projectId: 'p1',
  userId: 'u1',
  role,
  parentId: null,
  registered: true,
  complete,
  assignments,
});
const done = (formId: string): Assignment => ({ formId, completed: true, source: 'trigger' });

describe('assignForm', () => {
  describe('when the form is not assigned yet', () => {
    it('should assign it, open, from the platform', () => {
      const { state: next, events } = assignForm({ forms: [form('a')], state: state([]), formId: 'a' });
      expect(next.assignments).toEqual([{ formId: 'a', completed: false, source: 'platform' }]);
      expect(events).toEqual([]);
    });
  });

  describe('when the user was complete', () => {
    it('should make them incomplete, firing nothing, and re-arm the event', () => {
      const forms = [form('a'), form('b')];
      const { state: next, events } = assignForm({ forms, state: state([done('a')], true), formId: 'b' });
      expect(events).toEqual([]);
      expect(next.complete).toBe(false);
    });
  });

  describe('when the form was unassigned', () => {
    it('should lift the unassignment, keeping what the user submitted of it', () => {
      const taken: Assignment = { formId: 'a', completed: true, source: 'trigger', unassigned: true };
      const { state: next, events } = assignForm({ forms: [form('a')], state: state([taken]), formId: 'a' });
      expect(next.assignments).toEqual([{ formId: 'a', completed: true, source: 'platform' }]);
      expect(events).toEqual([{ key: 'user_complete', userId: 'u1' }]);
    });
  });

  describe('when the form is assigned already', () => {
    it('should change nothing', () => {
      const start = state([done('a')], true);
      expect(assignForm({ forms: [form('a')], state: start, formId: 'a' })).toEqual({ state: start, events: [] });
    });
  });
});

describe('unassignForm', () => {
  describe('when the last open mandatory form is unassigned', () => {
    it('should complete the user and fire on that transition, once', () => {
      const forms = [form('a'), form('b')];
      const start = state([done('a'), { formId: 'b', completed: false, source: 'trigger' }]);
      const first = unassignForm({ forms, state: start, formId: 'b' });
      expect(first.events).toEqual([{ key: 'user_complete', userId: 'u1' }]);
      expect(first.state.assignments).toEqual([done('a'), { formId: 'b', completed: false, source: 'trigger', unassigned: true }]);
      expect(unassignForm({ forms, state: first.state, formId: 'b' }).events).toEqual([]);
    });

    it('should fire child_complete for a child', () => {
      const forms = [form('cf', 'audience', 'child'), form('extra', 'audience', 'child')];
      const { events } = unassignForm({ forms, state: state([done('cf')], false, 'child'), formId: 'extra' });
      expect(events).toEqual([{ key: 'child_complete', userId: 'u1' }]);
    });
  });

  describe('when a form reaching the whole audience is unassigned', () => {
    it('should record the unassignment for that user only', () => {
      const { state: next } = unassignForm({ forms: [form('a', 'audience')], state: state([]), formId: 'a' });
      expect(next.assignments).toEqual([{ formId: 'a', completed: false, source: 'platform', unassigned: true }]);
    });
  });

  describe('when the only mandatory form is unassigned', () => {
    it('should not complete the user: nothing is left to complete', () => {
      const { state: next, events } = unassignForm({ forms: [form('a')], state: state([{ formId: 'a', completed: false, source: 'trigger' }]), formId: 'a' });
      expect(events).toEqual([]);
      expect(next.complete).toBe(false);
    });
  });
});
