import type { KeyedUser } from '../model/activity.js';
import type { Trigger } from '../model/form.js';
import type { Project } from '../model/project.js';
import type { UserState } from '../model/user-state.js';
import { assignForms } from './assign-forms.js';
import { formsTriggeredOn } from './forms-triggered-on.js';

/**
 * The state of a child a parent just added: role `child`, the parent from `child.parentId`,
 * with the forms of every `child_created` trigger assigned (open, never duplicated). A child
 * does not register itself, so `registered` stays as it was (false for a new child).
 */
export function assignOnChildCreated(input: {
  readonly project: Project;
  readonly triggers: readonly Trigger[];
  readonly child: KeyedUser;
  readonly existing: UserState | null;
}): UserState {
  const { project, triggers, child, existing } = input;
  return {
    projectId: project.id,
    userId: child.id,
    role: 'child',
    parentId: child.parentId ?? existing?.parentId ?? null,
    registered: existing?.registered ?? false,
    complete: existing?.complete ?? false,
    assignments: assignForms(
      existing?.assignments ?? [],
      formsTriggeredOn('child_created', project.id, triggers),
      'child_created',
    ),
  };
}
