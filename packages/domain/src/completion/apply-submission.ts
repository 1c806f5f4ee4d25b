import type { CompletionEvent } from '../model/completion-event.js';
import type { Form, Trigger } from '../model/form.js';
import type { Json } from '../model/json.js';
import type { Project } from '../model/project.js';
import type { Assignment, UserState } from '../model/user-state.js';
import { assignForms } from './assign-forms.js';
import { completionEdge } from './completion-edge.js';
import { triggerMatches } from './trigger-matches.js';

/**
 * Applies one saved submission to a user's (or child's) state, in the order the rules ask:
 * 1. the submitted form is assigned if it was not (source `submission`) and marked
 *    `completed = complete` (a later incomplete submission un-completes it);
 * 2. every `form_submitted` trigger on this form whose `when` matches `doc` assigns its forms to
 *    the same user (open, never duplicated; a completed assignment stays completed);
 * 3. only then is completion evaluated ({@link completionEdge}), so a "last" form that adds
 *    another fires nothing.
 *
 * `doc` is the form as saved: with the patch of the `form_submit_{form}` hooks applied.
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
  const submitted = markSubmitted(state.assignments, formId, complete);
  const added = triggers
    .filter((trigger) => triggerMatches(trigger, project.id, formId, doc))
    .flatMap((trigger) => trigger.addForms);
  return completionEdge(state, assignForms(submitted, added, 'trigger'), forms);
}

function markSubmitted(assignments: readonly Assignment[], formId: string, complete: boolean): readonly Assignment[] {
  if (!assignments.some((assignment) => assignment.formId === formId)) {
    return [...assignments, { formId, completed: complete, source: 'submission' }];
  }
  return assignments.map((assignment) =>
    assignment.formId === formId ? { ...assignment, completed: complete } : assignment,
  );
}
