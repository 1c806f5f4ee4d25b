import type { Form } from '../model/form.js';
import type { UserForm } from '../model/user-form.js';
import type { UserState } from '../model/user-state.js';
import { audienceFor } from './audience-for.js';

/**
 * The forms of a user's audience (a child's child forms, a parent's parent forms, an applicant's
 * user forms), in the order given, each with how it reached the user:
 * - the platform unassigned it → it has not reached them, whatever else holds;
 * - reach `audience` → it reached every user of its audience (`reachedBy: 'audience'`);
 * - reach `assigned` → it reached them when assigned (a trigger, the platform) or submitted
 *   (`reachedBy` the assignment's source), not otherwise.
 *
 * Forms of another audience or another project are left out: they never reach this user, even
 * when a trigger names them.
 */
export function userForms(state: UserState, forms: readonly Form[]): readonly UserForm[] {
  const audience = audienceFor(state.role);
  const assignments = new Map(state.assignments.map((assignment) => [assignment.formId, assignment]));
  return forms
    .filter((form) => form.projectId === state.projectId && form.audience === audience)
    .map((form) => {
      const assignment = assignments.get(form.id);
      const unassigned = assignment?.unassigned === true;
      const reachedBy = unassigned ? null : form.reach === 'audience' ? 'audience' : (assignment?.source ?? null);
      return { form, reachedBy, unassigned, complete: assignment?.completed ?? false, counted: reachedBy !== null && form.mandatory };
    });
}
