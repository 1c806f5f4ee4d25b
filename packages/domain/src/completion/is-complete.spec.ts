import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import type { Audience, Form, Reach } from '../model/form.js';
import type { Assignment, AssignmentSource, UserRole, UserState } from '../model/user-state.js';
import { audienceFor } from './audience-for.js';
import { isComplete } from './is-complete.js';

const form = (id: string, mandatory = true, reach: Reach = 'assigned', audience: Audience = 'user'): Form => ({
  projectId: 'p1',
  id,
  name: id,
  audience,
  mandatory,
  reach,
});
const state = (assignments: readonly Assignment[], role: UserRole = 'applicant'): UserState => ({
  projectId: 'p1',
  userId: 'u1',
  role,
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

  describe('when no mandatory form reached the user', () => {
    it('should not be complete, there being nothing to complete', () => {
      expect(isComplete(state([]), [form('a')])).toBe(false);
      expect(isComplete(state([done('opt')]), [form('opt', false)])).toBe(false);
      expect(isComplete(state([]), [])).toBe(false);
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

  describe('when a mandatory form that reaches only by assignment is not assigned', () => {
    it('should not count it', () => {
      expect(isComplete(state([done('a')]), [form('a'), form('b')])).toBe(true);
    });
  });

  describe('when mandatory forms reach every user of their audience', () => {
    it('should not be complete with two such forms and one submitted, with or without any assignment', () => {
      const forms = [form('a', true, 'audience'), form('b', true, 'audience')];
      expect(isComplete(state([{ formId: 'a', completed: true, source: 'submission' }]), forms)).toBe(false);
      expect(isComplete(state([done('a')]), forms)).toBe(false);
    });
    it('should be complete once each is completed', () => {
      const forms = [form('a', true, 'audience'), form('b', true, 'audience')];
      expect(isComplete(state([done('a'), { formId: 'b', completed: true, source: 'submission' }]), forms)).toBe(true);
    });
    it('should count for a parent only the parent forms and for a child only the child forms', () => {
      const forms = [form('pf', true, 'audience', 'parent'), form('cf', true, 'audience', 'child')];
      expect(isComplete(state([done('pf')], 'parent'), forms)).toBe(true);
      expect(isComplete(state([done('cf')], 'child'), forms)).toBe(true);
      expect(isComplete(state([done('cf')], 'parent'), forms)).toBe(false);
      expect(isComplete(state([done('pf')], 'child'), forms)).toBe(false);
    });
  });

  describe('when a form of another audience is assigned', () => {
    it('should never count it', () => {
      const forms = [form('pf', true, 'assigned', 'parent'), form('cf', true, 'assigned', 'child')];
      expect(isComplete(state([done('pf'), open('cf')], 'parent'), forms)).toBe(true);
    });
  });

  describe('when the platform unassigned a form', () => {
    it('should not count it, whatever its reach or source', () => {
      const forms = [form('a', true, 'audience'), form('b', true, 'audience'), form('c')];
      const taken = (formId: string, source: AssignmentSource): Assignment => ({ formId, completed: false, source, unassigned: true });
      expect(isComplete(state([done('a'), taken('b', 'platform'), taken('c', 'trigger')]), forms)).toBe(true);
    });
  });

  describe('when forms, reaches, roles and assignments are random', () => {
    const audiences: readonly Audience[] = ['user', 'parent', 'child'];
    const anyForm = fc.record({
      mandatory: fc.boolean(),
      reach: fc.constantFrom<Reach>('audience', 'assigned'),
      audience: fc.constantFrom(...audiences),
      foreign: fc.boolean(),
    });
    const anyEntry = fc.option(
      fc.record({
        completed: fc.boolean(),
        source: fc.constantFrom<AssignmentSource>('account_created', 'child_created', 'trigger', 'submission', 'platform'),
        unassigned: fc.boolean(),
      }),
      { nil: undefined },
    );
    const world = fc
      .record({
        role: fc.constantFrom<UserRole>('applicant', 'parent', 'child'),
        forms: fc.array(fc.tuple(anyForm, anyEntry), { maxLength: 8 }),
      })
      .map(({ role, forms }) => ({
        role,
        forms: forms.map(([f, _], i) => ({ ...form(`f${i}`, f.mandatory, f.reach, f.audience), ...(f.foreign ? { projectId: 'p2' } : {}) })),
        user: state(
          forms.flatMap(([_, entry], i) =>
            entry === undefined ? [] : [{ formId: `f${i}`, completed: entry.completed, source: entry.source, ...(entry.unassigned ? { unassigned: true as const } : {}) }],
          ),
          role,
        ),
      }));

    it('should be complete exactly when some mandatory form of the user reached them and every such form is completed', () => {
      fc.assert(
        fc.property(world, ({ forms, user }) => {
          // The rule as the spec words it: a form reaches a user of its audience by audience, or
          // when assigned (or submitted); an unassigned form never reaches.
          const reached = forms.filter((f) => {
            if (f.projectId !== user.projectId || f.audience !== audienceFor(user.role)) return false;
            const entry = user.assignments.find((a) => a.formId === f.id);
            if (entry?.unassigned) return false;
            return f.reach === 'audience' || entry !== undefined;
          });
          const mandatory = reached.filter((f) => f.mandatory);
          const expected = mandatory.length > 0 && mandatory.every((f) => user.assignments.find((a) => a.formId === f.id)?.completed === true);
          expect(isComplete(user, forms)).toBe(expected);
        }),
      );
    });

    it('should not change when optional forms, forms of other audiences or of other projects are added', () => {
      fc.assert(
        fc.property(world, anyForm, fc.boolean(), ({ forms, user }, extra, completed) => {
          const before = isComplete(user, forms);
          const others = audiences.filter((a) => a !== audienceFor(user.role));
          const irrelevant: Form[] = [
            form('optional', false, extra.reach, audienceFor(user.role)),
            ...others.map((a) => form(`other-${a}`, true, extra.reach, a)),
            { ...form('foreign', true, extra.reach, audienceFor(user.role)), projectId: 'p2' },
          ];
          const entries = irrelevant.map((f) => ({ formId: f.id, completed, source: 'platform' as const }));
          expect(isComplete({ ...user, assignments: [...user.assignments, ...entries] }, [...forms, ...irrelevant])).toBe(before);
        }),
      );
    });

    it('should never be complete while a new mandatory form reaches the whole audience and is not completed', () => {
      fc.assert(
        fc.property(world, ({ forms, user }) => {
          expect(isComplete(user, [...forms, form('new', true, 'audience', audienceFor(user.role))])).toBe(false);
        }),
      );
    });
  });
});
