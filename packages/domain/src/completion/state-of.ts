import type { KeyedUser } from '../model/activity.js';
import type { Project } from '../model/project.js';
import type { UserState } from '../model/user-state.js';
import { roleOf } from './role-of.js';

/**
 * The completion state of `user` as the service holds it, or — for a user it has not seen yet
 * (no registration reported) — a fresh one: the role from {@link roleOf}, not registered, not
 * complete, nothing assigned.
 */
export function stateOf(project: Project, user: KeyedUser, existing: UserState | null | undefined): UserState {
  return (
    existing ?? {
      projectId: project.id,
      userId: user.id,
      role: roleOf(user, project.system),
      parentId: user.parentId ?? null,
      registered: false,
      complete: false,
      assignments: [],
    }
  );
}
