import type { CompletionEvent } from '../model/completion-event.js';
import type { Form } from '../model/form.js';
import type { Assignment, UserState } from '../model/user-state.js';
import { completionEdge } from './completion-edge.js';

type Change = { readonly state: UserState; readonly events: readonly CompletionEvent[] };

/**
 * The platform assigns one form to one user (an admin's action in the back end): the form reaches
 * them from now on, whatever its reach — an earlier unassignment is lifted, and what the user
 * submitted of it before still counts. A form already assigned stays as it is. Completion is
 * evaluated ({@link completionEdge}): an assignment can make a complete user incomplete (re-arming
 * the event), and complete one that nothing had reached yet if they had completed the form.
 */
export function assignForm(input: { readonly forms: readonly Form[]; readonly state: UserState; readonly formId: string }): Change {
  const { forms, state, formId } = input;
  const current = state.assignments.find((assignment) => assignment.formId === formId);
  const assignments: readonly Assignment[] = !current
    ? [...state.assignments, { formId, completed: false, source: 'platform' }]
    : current.unassigned
      ? state.assignments.map((assignment) => (assignment.formId === formId ? { formId, completed: assignment.completed, source: 'platform' } : assignment))
      : state.assignments;
  return completionEdge(state, assignments, forms);
}

/**
 * The platform unassigns one form from one user: it no longer reaches them — whether it reached
 * them by audience, trigger, submission or the platform — and triggers do not bring it back; only
 * {@link assignForm} does. What they submitted of it is kept. Completion is evaluated
 * ({@link completionEdge}): unassigning the last open mandatory form completes the user, and the
 * event fires on that transition.
 */
export function unassignForm(input: { readonly forms: readonly Form[]; readonly state: UserState; readonly formId: string }): Change {
  const { forms, state, formId } = input;
  const assignments: readonly Assignment[] = state.assignments.some((assignment) => assignment.formId === formId)
    ? state.assignments.map((assignment) => (assignment.formId === formId ? { ...assignment, unassigned: true } : assignment))
    : [...state.assignments, { formId, completed: false, source: 'platform', unassigned: true }];
  return completionEdge(state, assignments, forms);
}
