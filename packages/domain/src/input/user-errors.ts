import type { UserRef } from '../model/activity.js';
import type { FieldError } from '../model/result.js';
import { numberIdProblem } from './platform-id.js';
import { userFieldsProblem } from './user-fields.js';

/** What is wrong with one user of a request, at `path` (`user`, `users.3`): its number ids, its `fields`. */
export function userErrors(user: UserRef, path: string): FieldError[] {
  const errors: FieldError[] = [];
  const id = numberIdProblem(user.id);
  if (id !== null) errors.push({ path: `${path}.id`, message: id });
  const parent = user.parentId === undefined ? null : numberIdProblem(user.parentId);
  if (parent !== null) errors.push({ path: `${path}.parentId`, message: parent });
  const fields = user.fields === undefined ? null : userFieldsProblem(user.fields);
  if (fields !== null) errors.push({ path: `${path}.fields`, message: fields });
  return errors;
}
