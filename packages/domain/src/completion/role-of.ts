import type { UserRef } from '../model/activity.js';
import type { SystemKind } from '../model/project.js';
import type { UserRole } from '../model/user-state.js';

/**
 * The role completion gives a user: everyone is an `applicant` in an individual system; in a
 * family system the platform's role counts, a user without one being a `parent`.
 */
export function roleOf(user: UserRef, system: SystemKind): UserRole {
  return system === 'individual' ? 'applicant' : (user.role ?? 'parent');
}
