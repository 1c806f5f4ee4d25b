import type { UserRef } from '../model/activity.js';
import type { JsonObject } from '../model/json.js';

/** `user_info` field → the UserRef property it is read from. Nothing else is ever copied. */
export const USER_INFO_FIELDS = [
  ['id', 'id'],
  ['username', 'username'],
  ['first_name', 'firstName'],
  ['last_name', 'lastName'],
  ['role', 'role'],
  ['parent_id', 'parentId'],
] as const satisfies readonly (readonly [string, keyof UserRef])[];

/** The fields `user_info` may carry. */
export const USER_INFO_KEYS: readonly string[] = USER_INFO_FIELDS.map(([field]) => field);

/**
 * The `user_info` of a payload: id, username, first_name, last_name, role and parent_id, each
 * present when the user has it. Whatever else the object carries at runtime (a password, say)
 * is never copied, and neither is a whitelisted property that is not a string.
 */
export function userInfo(user: UserRef): JsonObject {
  const entries: [string, string][] = [];
  for (const [field, property] of USER_INFO_FIELDS) {
    const value: unknown = user[property];
    if (typeof value === 'string') {
      entries.push([field, value]);
    }
  }
  return Object.fromEntries(entries);
}
