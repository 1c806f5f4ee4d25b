import type { Form } from '../model/form.js';
import type { UserState } from '../model/user-state.js';

/**
 * Whether a user's (or child's) forms are complete: every mandatory form assigned to them is
 * completed. Optional forms and assigned ids missing from `forms` (or from another project) do
 * not count.
 *
 * Reading: a user with no mandatory form assigned is NOT complete. There is nothing to complete,
 * and firing `user_complete` for someone who was never asked for anything would be noise.
 */
export function isComplete(state: UserState, forms: readonly Form[]): boolean {
  const mandatory = new Set(
    forms.filter((form) => form.mandatory && form.projectId === state.projectId).map((form) => form.id),
  );
  const counted = state.assignments.filter((assignment) => mandatory.has(assignment.formId));
  return counted.length > 0 && counted.every((assignment) => assignment.completed);
}
