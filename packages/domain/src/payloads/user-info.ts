import type { UserRef } from '../model/activity.js';
import type { JsonObject } from '../model/json.js';
import { objectWithoutPasswords } from './without-passwords.js';

/** `user_info` field → the UserRef property it is read from. Nothing else is ever copied. */
export const USER_INFO_FIELDS = [
  ['id', 'id'],
  ['username', 'username'],
  ['email', 'email'],
  ['first_name', 'firstName'],
  ['last_name', 'lastName'],
  ['role', 'role'],
  ['parent_id', 'parentId'],
] as const satisfies readonly (readonly [string, keyof UserRef])[];

/** The properties that are ids: a whole number is copied as the number it was sent as. */
const ID_PROPERTIES: ReadonlySet<keyof UserRef> = new Set(['id', 'parentId']);

/** The fields `user_info` may carry. */
export const USER_INFO_KEYS: readonly string[] = [...USER_INFO_FIELDS.map(([field]) => field), 'fields'];

/**
 * The `user_info` of a payload: id, username, email, first_name, last_name, role and parent_id,
 * each present when the user has it — strings, and the ids as the platform sent them (a whole
 * number stays a number) — and `fields`, the platform's own user data, with every `password` key
 * removed at any depth. Whatever else the object carries at runtime (a password, say) is never
 * copied, and neither is a whitelisted property of another type.
 */
export function userInfo(user: UserRef): JsonObject {
  const info: JsonObject = {};
  for (const [field, property] of USER_INFO_FIELDS) {
    const value: unknown = user[property];
    if (typeof value === 'string' || (ID_PROPERTIES.has(property) && typeof value === 'number' && Number.isSafeInteger(value))) {
      info[field] = value;
    }
  }
  const fields: unknown = user.fields;
  if (typeof fields === 'object' && fields !== null && !Array.isArray(fields)) info['fields'] = objectWithoutPasswords(fields as JsonObject);
  return info;
}
