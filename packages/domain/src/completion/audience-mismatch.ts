import type { Audience, Form } from '../model/form.js';
import type { FieldError } from '../model/result.js';
import type { UserRole } from '../model/user-state.js';
import { audienceFor } from './audience-for.js';

const FOR: Readonly<Record<Audience, string>> = { user: 'applicants', parent: 'parents', child: 'children' };
const IS: Readonly<Record<UserRole, string>> = { applicant: 'an applicant', parent: 'a parent', child: 'a child' };

/**
 * Why `form` cannot be filled in, assigned or unassigned for a user of `role` — a child form for
 * a parent, a parent form for a child — as an error at `path` (the field the caller sent: the
 * user of a form interaction, the form of an assignment), or null when its audience is the
 * role's ({@link audienceFor}). In an individual system everyone is an applicant and every form
 * is a `user` form, so nothing is refused there.
 */
export function audienceMismatch(form: Form, role: UserRole, path: string): FieldError | null {
  if (form.audience === audienceFor(role)) return null;
  return { path, message: `form ${form.id} is for ${FOR[form.audience]}, and this user is ${IS[role]}` };
}
