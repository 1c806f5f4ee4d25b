import type { UserRef } from '../model/activity.js';
import type { SystemKind } from '../model/project.js';
import type { UserRole, UserState } from '../model/user-state.js';

/**
 * The role completion gives a user: everyone is an `applicant` in an individual system; in a
 * family system the platform's role counts, a user without one being a `parent`.
 *
 * With `known` (the user's stored state), the role the service already holds wins: registration
 * and `child_added` set a user's role, and what a later form interaction sends does not change it.
 */
export function roleOf(user: UserRef, system: SystemKind, known?: UserState | null): UserRole {
  if (known) return known.role;
  return system === 'individual' ? 'applicant' : (user.role ?? 'parent');
}
