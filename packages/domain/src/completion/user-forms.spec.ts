import { describe, expect, it } from '@jest/globals';
import type { Audience, Form, Reach } from '../model/form.js';
import type { Assignment, UserRole, UserState } from '../model/user-state.js';
import { userForms } from './user-forms.js';

const form = (id: string, reach: Reach, audience: Audience = 'parent', mandatory = true): Form => ({ projectId: 'p1', id, name: id, audience, mandatory, reach });
const state = (role: UserRole, assignments: readonly Assignment[]): UserState => ({
  projectId: 'p1',
  userId: 'u1',
  role,
  parentId: null,
  registered: true,
  complete: false,
  assignments,
});

describe('userForms', () => {
  describe('when a parent has forms of every kind', () => {
    const forms = [
      form('everyone', 'audience'),
      form('everyone-done', 'audience'),
      form('by-trigger', 'assigned'),
      form('by-platform', 'assigned', 'parent', false),
      form('not-assigned', 'assigned'),
      form('taken', 'audience'),
      form('child-form', 'audience', 'child'),
      { ...form('foreign', 'audience'), projectId: 'p2' },
    ];
    const parent = state('parent', [
      { formId: 'everyone-done', completed: true, source: 'submission' },
      { formId: 'by-trigger', completed: false, source: 'trigger' },
      { formId: 'by-platform', completed: true, source: 'platform' },
      { formId: 'taken', completed: false, source: 'platform', unassigned: true },
      { formId: 'child-form', completed: false, source: 'trigger' },
    ]);

    it('should list the forms of their audience and project only, saying how each reached them', () => {
      expect(userForms(parent, forms).map((f) => [f.form.id, f.reachedBy, f.unassigned, f.complete, f.counted])).toEqual([
        ['everyone', 'audience', false, false, true],
        ['everyone-done', 'audience', false, true, true],
        ['by-trigger', 'trigger', false, false, true],
        ['by-platform', 'platform', false, true, false],
        ['not-assigned', null, false, false, false],
        ['taken', null, true, false, false],
      ]);
    });
  });

  describe('when a user submitted a form that reaches only by assignment', () => {
    it('should say it reached them through the submission', () => {
      const [only] = userForms(state('applicant', [{ formId: 'a', completed: true, source: 'submission' }]), [form('a', 'assigned', 'user')]);
      expect(only).toMatchObject({ reachedBy: 'submission', complete: true, counted: true });
    });
  });
});
