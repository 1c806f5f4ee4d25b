import type { KeyedUser } from '../model/activity.js';
import type { Trigger } from '../model/form.js';
import type { Project } from '../model/project.js';
import type { UserState } from '../model/user-state.js';
import { assignForms } from './assign-forms.js';
import { formsTriggeredOn } from './forms-triggered-on.js';
import { roleOf } from './role-of.js';

/**
 * The state of a user who just registered: role from {@link roleOf}, marked registered, with
 * the forms of every `account_created` trigger assigned (open, never duplicated).
 *
 * The recorded verdict (`complete`) is kept as it was: forms are not known here, and
 * {@link applySubmission} notices a verdict that no longer holds.
 */
export function assignOnAccountCreated(input: {
  readonly project: Project;
  readonly triggers: readonly Trigger[];
  readonly user: KeyedUser;
  readonly existing: UserState | null;
}): UserState {
  const { project, triggers, user, existing } = input;
  return {
    projectId: project.id,
    userId: user.id,
    role: roleOf(user, project.system),
    parentId: user.parentId ?? null,
    registered: true,
    complete: existing?.complete ?? false,
    assignments: assignForms(
      existing?.assignments ?? [],
      formsTriggeredOn('account_created', project.id, triggers),
      'account_created',
    ),
  };
}
