import type { Audience } from '../model/form.js';
import type { UserRole } from '../model/user-state.js';

const AUDIENCE: Readonly<Record<UserRole, Audience>> = {
  applicant: 'user',
  parent: 'parent',
  child: 'child',
};

/** The form audience that fits a role: applicant → `user`, parent → `parent`, child → `child`. */
export function audienceFor(role: UserRole): Audience {
  return AUDIENCE[role];
}
