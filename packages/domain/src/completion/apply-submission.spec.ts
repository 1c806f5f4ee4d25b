import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import type { CompletionEvent } from '../model/completion-event.js';
import type { Form, Reach, Trigger, TriggerOn } from '../model/form.js';
import type { Json } from '../model/json.js';
import type { Project } from '../model/project.js';
import type { UserState } from '../model/user-state.js';
import { applySubmission } from './apply-submission.js';
import { assignOnAccountCreated } from './assign-on-account-created.js';
import { assignOnChildCreated } from './assign-on-child-created.js';
import { isComplete } from './is-complete.js';
import { assignForm, unassignForm } from './platform-assignment.js';

const project = (system: Project['system']): Project => ({
  id: 'p1',
  name: 'Camp',
  system,
  platformKeyHash: 'x',
  createdAt: new Date('2025-01-01T00:00:00Z'),
});
/** A form; `assigned` by default, so that the trigger rules below are what brings each form to the user. */
const form = (id: string, audience: Form['audience'] = 'user', mandatory = true, reach: Reach = 'assigned'): Form => ({
  projectId: 'p1',
  id,
  name: id,
  audience,
  mandatory,
  reach,
});
const onAccount = (id: string, addForms: readonly string[]): Trigger => ({
  projectId: 'p1',
  id,
  on: { type: 'account_created' },
  addForms,
});
const onSubmit = (id: string, on: Omit<Extract<TriggerOn, { type: 'form_submitted' }>, 'type'>, addForms: readonly string[]): Trigger => ({
  projectId: 'p1',
  id,
  on: { type: 'form_submitted', ...on },
  addForms,
});

/** Submits forms one after the other, returning the last state and every event fired. */
function submitAll(
  setup: { readonly project: Project; readonly forms: readonly Form[]; readonly triggers: readonly Trigger[] },
  start: UserState,
  submissions: readonly { readonly formId: string; readonly doc?: Readonly<Record<string, Json>>; readonly complete?: boolean }[],
): { readonly state: UserState; readonly events: readonly CompletionEvent[]; readonly perStep: readonly number[] } {
  let state = start;
  const events: CompletionEvent[] = [];
  const perStep: number[] = [];
  for (const submission of submissions) {
    const result = applySubmission({
      ...setup,
      state,
      formId: submission.formId,
      doc: submission.doc ?? {},
      complete: submission.complete ?? true,
    });
    state = result.state;
    events.push(...result.events);
    perStep.push(result.events.length);
  }
  return { state, events, perStep };
}

describe('applySubmission', () => {
  describe('when an applicant of an individual system completes every mandatory form', () => {
    const setup = {
      project: project('individual'),
      forms: [form('a'), form('b'), form('opt', 'user', false)],
      triggers: [onAccount('t1', ['a', 'b', 'opt'])],
    };
    const start = assignOnAccountCreated({ ...setup, user: { id: 'u1', username: 'ann' }, existing: null });

    it('should fire user_complete once, on the submission that completes the last mandatory form', () => {
      const { events, perStep, state } = submitAll(setup, start, [{ formId: 'a' }, { formId: 'b' }]);
      expect(perStep).toEqual([0, 1]);
      expect(events).toEqual([{ key: 'user_complete', userId: 'u1' }]);
      expect(state.complete).toBe(true);
    });

    it('should not count optional forms, open or submitted', () => {
      const { perStep } = submitAll(setup, start, [{ formId: 'a' }, { formId: 'b' }, { formId: 'opt' }]);
      expect(perStep).toEqual([0, 1, 0]);
    });

    it('should not fire again when a complete user submits again', () => {
      const { perStep } = submitAll(setup, start, [{ formId: 'a' }, { formId: 'b' }, { formId: 'a' }, { formId: 'b' }]);
      expect(perStep).toEqual([0, 1, 0, 0]);
    });

    it('should not fire on incomplete submissions', () => {
      const { perStep, state } = submitAll(setup, start, [{ formId: 'a' }, { formId: 'b', complete: false }]);
      expect(perStep).toEqual([0, 0]);
      expect(state.assignments.find((a) => a.formId === 'b')?.completed).toBe(false);
    });

    it('should un-complete a form on a later incomplete submission and fire again when it is completed again', () => {
      const { perStep, state } = submitAll(setup, start, [
        { formId: 'a' },
        { formId: 'b' },
        { formId: 'b', complete: false },
        { formId: 'b' },
      ]);
      expect(perStep).toEqual([0, 1, 0, 1]);
      expect(state.complete).toBe(true);
    });
  });

  describe('when mandatory forms reach every user of their audience and no trigger exists', () => {
    const setup = {
      project: project('individual'),
      forms: [form('a', 'user', true, 'audience'), form('b', 'user', true, 'audience'), form('opt', 'user', false, 'audience')],
      triggers: [],
    };
    const start = assignOnAccountCreated({ ...setup, user: { id: 'u1', username: 'ann' }, existing: null });

    it('should fire user_complete only once both are submitted, whatever the order', () => {
      expect(submitAll(setup, start, [{ formId: 'a' }, { formId: 'opt' }, { formId: 'b' }]).perStep).toEqual([0, 0, 1]);
      expect(submitAll(setup, start, [{ formId: 'b' }, { formId: 'a' }]).perStep).toEqual([0, 1]);
    });

    it('should count them for a user the service never saw register', () => {
      const unknown: UserState = { projectId: 'p1', userId: 'u9', role: 'applicant', parentId: null, registered: false, complete: false, assignments: [] };
      expect(submitAll(setup, unknown, [{ formId: 'a' }, { formId: 'b' }]).perStep).toEqual([0, 1]);
    });

    it('should re-arm when a new mandatory form is declared after completion, and fire once it is submitted', () => {
      const done = submitAll(setup, start, [{ formId: 'a' }, { formId: 'b' }]);
      const more = { ...setup, forms: [...setup.forms, form('c', 'user', true, 'audience')] };
      expect(submitAll(more, done.state, [{ formId: 'a' }, { formId: 'c' }]).perStep).toEqual([0, 1]);
    });
  });

  describe('when a form that was not assigned is submitted', () => {
    it('should assign it with source submission, completed as submitted', () => {
      const setup = { project: project('individual'), forms: [form('a')], triggers: [] };
      const start = assignOnAccountCreated({ ...setup, user: { id: 'u1', username: 'ann' }, existing: null });
      const { state, events } = applySubmission({ ...setup, state: start, formId: 'a', doc: {}, complete: true });
      expect(state.assignments).toEqual([{ formId: 'a', completed: true, source: 'submission' }]);
      expect(events).toEqual([{ key: 'user_complete', userId: 'u1' }]);
    });
  });

  describe('when a submission fires a trigger without when', () => {
    const setup = {
      project: project('individual'),
      forms: [form('a'), form('b'), form('c')],
      triggers: [onAccount('t1', ['a', 'b']), onSubmit('t2', { formId: 'b' }, ['c', 'a'])],
    };
    const start = assignOnAccountCreated({ ...setup, user: { id: 'u1', username: 'ann' }, existing: null });

    it('should fire nothing on the "last" form that adds another, and fire when the added form is completed', () => {
      const { perStep, events } = submitAll(setup, start, [{ formId: 'a' }, { formId: 'b' }, { formId: 'c' }]);
      expect(perStep).toEqual([0, 0, 1]);
      expect(events).toEqual([{ key: 'user_complete', userId: 'u1' }]);
    });

    it('should assign the added form as open with source trigger and keep a completed assignment completed', () => {
      const { state } = submitAll(setup, start, [{ formId: 'a' }, { formId: 'b' }]);
      expect(state.assignments).toEqual([
        { formId: 'a', completed: true, source: 'account_created' },
        { formId: 'b', completed: true, source: 'account_created' },
        { formId: 'c', completed: false, source: 'trigger' },
      ]);
    });

    it('should apply the trigger even on an incomplete submission, without duplicating on repeats', () => {
      const { state } = submitAll(setup, start, [{ formId: 'b', complete: false }, { formId: 'b', complete: false }]);
      expect(state.assignments.filter((a) => a.formId === 'c')).toHaveLength(1);
    });
  });

  describe('when a submission meets a trigger with when', () => {
    const setup = {
      project: project('individual'),
      forms: [form('a'), form('hockey-waiver')],
      triggers: [onAccount('t1', ['a']), onSubmit('t2', { formId: 'a', when: { sport: 'hockey' } }, ['hockey-waiver'])],
    };
    const start = assignOnAccountCreated({ ...setup, user: { id: 'u1', username: 'ann' }, existing: null });

    it('should add nothing and fire when the fields do not match', () => {
      const { perStep, state } = submitAll(setup, start, [{ formId: 'a', doc: { sport: 'chess' } }]);
      expect(perStep).toEqual([1]);
      expect(state.assignments.map((a) => a.formId)).toEqual(['a']);
    });

    it('should add the forms and delay completion when the fields match', () => {
      const { perStep } = submitAll(setup, start, [{ formId: 'a', doc: { sport: 'hockey' } }, { formId: 'hockey-waiver' }]);
      expect(perStep).toEqual([0, 1]);
    });
  });

  describe('when new forms are assigned after the user was complete', () => {
    const setup = {
      project: project('individual'),
      forms: [form('a'), form('b'), form('extra')],
      triggers: [onAccount('t1', ['a']), onSubmit('t2', { formId: 'b', when: { more: true } }, ['extra'])],
    };
    const start = assignOnAccountCreated({ ...setup, user: { id: 'u1', username: 'ann' }, existing: null });

    it('should re-arm on the falling edge and fire again once the new forms are completed', () => {
      const { perStep, events, state } = submitAll(setup, start, [
        { formId: 'a' },
        { formId: 'b', doc: { more: true } },
        { formId: 'extra' },
      ]);
      expect(perStep).toEqual([1, 0, 1]);
      expect(events).toHaveLength(2);
      expect(state.complete).toBe(true);
    });

    it('should notice forms assigned outside a submission and fire when they are completed', () => {
      const done = submitAll(setup, start, [{ formId: 'a' }]).state;
      const reassigned = assignOnAccountCreated({
        ...setup,
        triggers: [onAccount('t1', ['a']), onAccount('t3', ['extra'])],
        user: { id: 'u1', username: 'ann' },
        existing: done,
      });
      expect(reassigned.complete).toBe(true);
      const { perStep } = submitAll(setup, reassigned, [{ formId: 'extra' }]);
      expect(perStep).toEqual([1]);
    });
  });

  describe('when a family system has a parent and children', () => {
    const setup = {
      project: project('family'),
      forms: [form('household', 'parent'), form('medical', 'child'), form('photo', 'child', false)],
      triggers: [
        onAccount('t1', ['household']),
        { projectId: 'p1', id: 't2', on: { type: 'child_created' }, addForms: ['medical', 'photo'] } satisfies Trigger,
      ],
    };
    const parent = assignOnAccountCreated({ ...setup, user: { id: 'u1', username: 'mum' }, existing: null });
    const child = (id: string): UserState =>
      assignOnChildCreated({ ...setup, child: { id, username: id, role: 'child', parentId: 'u1' }, existing: null });

    it('should fire user_complete when the parent forms are complete', () => {
      expect(submitAll(setup, parent, [{ formId: 'household' }]).events).toEqual([{ key: 'user_complete', userId: 'u1' }]);
    });

    it('should fire child_complete once per child, each on its own completion', () => {
      const first = submitAll(setup, child('c1'), [{ formId: 'photo' }, { formId: 'medical' }]);
      const second = submitAll(setup, child('c2'), [{ formId: 'medical' }]);
      expect(first.perStep).toEqual([0, 1]);
      expect(first.events).toEqual([{ key: 'child_complete', userId: 'c1' }]);
      expect(second.events).toEqual([{ key: 'child_complete', userId: 'c2' }]);
    });

    it('should not complete a parent through the forms of a child', () => {
      const kid = submitAll(setup, child('c1'), [{ formId: 'medical' }]);
      expect(kid.events.every((event) => event.key === 'child_complete')).toBe(true);
      expect(isComplete(parent, setup.forms)).toBe(false);
    });
  });

  describe('when forms, triggers and submissions come in any order', () => {
    const formIds = ['f0', 'f1', 'f2', 'f3', 'f4'] as const;
    const formId = fc.constantFrom(...formIds, 'unknown');
    const op = fc.oneof(
      fc.record({ kind: fc.constant('submit' as const), formId, x: fc.constantFrom(1, 2), complete: fc.boolean() }),
      fc.record({ kind: fc.constantFrom('assign' as const, 'unassign' as const), formId }),
      fc.record({
        kind: fc.constant('trigger' as const),
        formId,
        when: fc.option(fc.constantFrom(1, 2), { nil: undefined }),
        addForms: fc.subarray([...formIds]),
      }),
    );

    it('should fire exactly one event per rising edge of isComplete, never two without a falling edge, through submissions, assignments and unassignments', () => {
      fc.assert(
        fc.property(
          fc.array(fc.boolean(), { minLength: formIds.length, maxLength: formIds.length }),
          fc.array(fc.constantFrom<Reach>('audience', 'assigned'), { minLength: formIds.length, maxLength: formIds.length }),
          fc.subarray([...formIds]),
          fc.constantFrom('individual', 'family-parent', 'family-child'),
          fc.array(op, { maxLength: 40 }),
          (mandatory, reaches, initial, who, ops) => {
            const audience = who === 'individual' ? 'user' : who === 'family-parent' ? 'parent' : 'child';
            const forms = formIds.map((id, i) => form(id, audience, mandatory[i] ?? true, reaches[i] ?? 'assigned'));
            const triggers: Trigger[] = [onAccount('t0', initial)];
            const child = who === 'family-child';
            const setupProject = project(who === 'individual' ? 'individual' : 'family');
            let state = child
              ? assignOnChildCreated({
                  project: setupProject,
                  triggers: [{ ...onAccount('t0', initial), on: { type: 'child_created' } }],
                  child: { id: 'c1', username: 'c', role: 'child', parentId: 'u1' },
                  existing: null,
                })
              : assignOnAccountCreated({ project: setupProject, triggers, user: { id: 'u1', username: 'a' }, existing: null });

            let previous = isComplete(state, forms);
            // Nothing has been submitted yet: only a user with no mandatory form could be "complete", and such a user is not.
            expect(previous).toBe(false);
            let rising = 0;
            let fired = 0;
            let armed = true;
            ops.forEach((step, i) => {
              if (step.kind === 'trigger') {
                const on = step.when === undefined ? { formId: step.formId } : { formId: step.formId, when: { x: step.when } };
                triggers.push(onSubmit(`t${i + 1}`, on, step.addForms));
                return;
              }
              const result =
                step.kind === 'submit'
                  ? applySubmission({ project: setupProject, forms, triggers, state, formId: step.formId, doc: { x: step.x }, complete: step.complete })
                  : (step.kind === 'assign' ? assignForm : unassignForm)({ forms, state, formId: step.formId });
              state = result.state;
              const now = isComplete(state, forms);
              if (!previous && now) rising += 1;
              expect(result.events).toHaveLength(!previous && now ? 1 : 0);
              expect(state.complete).toBe(now);
              for (const event of result.events) {
                expect(armed).toBe(true);
                expect(event).toEqual({ key: child ? 'child_complete' : 'user_complete', userId: state.userId });
                armed = false;
                fired += 1;
              }
              if (!now) armed = true;
              previous = now;
            });
            expect(fired).toBe(rising);
            expect(new Set(state.assignments.map((a) => a.formId)).size).toBe(state.assignments.length);
          },
        ),
      );
    });
  });
});
