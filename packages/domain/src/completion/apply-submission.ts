import type { CompletionEvent } from '../model/completion-event.js';
import type { Form, Trigger } from '../model/form.js';
import type { Json } from '../model/json.js';
import type { Project } from '../model/project.js';
import type { Assignment, UserState } from '../model/user-state.js';
import { assignForms } from './assign-forms.js';
import { isComplete } from './is-complete.js';
import { triggerMatches } from './trigger-matches.js';

/**
 * Applies one saved submission to a user's (or child's) state, in the order the rules ask:
 * 1. the submitted form is assigned if it was not (source `submission`) and marked
 *    `completed = complete` (a later incomplete submission un-completes it);
 * 2. every `form_submitted` trigger on this form whose `when` matches `doc` assigns its forms to
 *    the same user (open, never duplicated; a completed assignment stays completed);
 * 3. only then is completion evaluated, so a "last" form that adds another fires nothing.
 *
 * On the rising edge of the verdict one `user_complete` (applicant, parent) or `child_complete`
 * (child) event is returned, and the new verdict is stored in `complete`: a falling edge (new
 * forms assigned) re-arms it, and completing those forms fires again.
 *
 * The verdict before this submission is `state.complete` unless it no longer holds for the
 * assignments as they stand (forms assigned on account or child creation, where forms are not
 * known, or a form made mandatory since): that falling edge happened outside a submission and is
 * counted here, so the next completion still fires.
 */
export function applySubmission(input: {
  readonly project: Project;
  readonly forms: readonly Form[];
  readonly triggers: readonly Trigger[];
  readonly state: UserState;
  readonly formId: string;
  readonly doc: Readonly<Record<string, Json>>;
  readonly complete: boolean;
}): { readonly state: UserState; readonly events: readonly CompletionEvent[] } {
  const { project, forms, triggers, state, formId, doc, complete } = input;
  const wasComplete = state.complete && isComplete(state, forms);

  const submitted = markSubmitted(state.assignments, formId, complete);
  const added = triggers
    .filter((trigger) => triggerMatches(trigger, project.id, formId, doc))
    .flatMap((trigger) => trigger.addForms);
  const assignments = assignForms(submitted, added, 'trigger');

  const next: UserState = { ...state, assignments, complete: false };
  const nowComplete = isComplete(next, forms);
  const events: CompletionEvent[] =
    !wasComplete && nowComplete
      ? [{ key: state.role === 'child' ? 'child_complete' : 'user_complete', userId: state.userId }]
      : [];
  return { state: { ...next, complete: nowComplete }, events };
}

function markSubmitted(assignments: readonly Assignment[], formId: string, complete: boolean): readonly Assignment[] {
  if (!assignments.some((assignment) => assignment.formId === formId)) {
    return [...assignments, { formId, completed: complete, source: 'submission' }];
  }
  return assignments.map((assignment) =>
    assignment.formId === formId ? { ...assignment, completed: complete } : assignment,
  );
}
