import type { Assignment, AssignmentSource } from '../model/user-state.js';

/**
 * Adds an open assignment for each form id not yet assigned, keeping existing assignments (and
 * their completion) as they are. Never duplicates a form, even when `formIds` repeats one. A form
 * the platform unassigned stays unassigned: triggers do not undo an admin's decision (only
 * `assignForm` does).
 */
export function assignForms(
  assignments: readonly Assignment[],
  formIds: readonly string[],
  source: AssignmentSource,
): readonly Assignment[] {
  const assigned = new Set(assignments.map((assignment) => assignment.formId));
  const added: Assignment[] = [];
  for (const formId of formIds) {
    if (!assigned.has(formId)) {
      assigned.add(formId);
      added.push({ formId, completed: false, source });
    }
  }
  return added.length === 0 ? assignments : [...assignments, ...added];
}
