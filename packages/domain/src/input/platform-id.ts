import type { KeyedUser, PlatformId, UserRef } from '../model/activity.js';

/** The largest number id: above it JSON numbers lose digits (2^53 − 1). */
export const MAX_NUMBER_ID = Number.MAX_SAFE_INTEGER;

/**
 * The key of a platform id: a string as it is, a number as its decimal string (`42` → `"42"`).
 * Keys are what the service stores and compares (completion state, idempotency, form ids), so
 * `42` and `"42"` name the same user, activity or form.
 */
export function idKey(id: PlatformId): string {
  return typeof id === 'number' ? String(id) : id;
}

/** Why a number cannot be an id (null when it can): a whole number from 0 to {@link MAX_NUMBER_ID}. */
export function numberIdProblem(id: PlatformId): string | null {
  if (typeof id !== 'number' || (Number.isSafeInteger(id) && id >= 0)) return null;
  return `a number id must be a whole number from 0 to ${MAX_NUMBER_ID} (send larger or other ids as strings)`;
}

/** The user with its ids as keys, as completion state records it. */
export function keyedUser(user: UserRef): KeyedUser {
  const { id, parentId, ...rest } = user;
  return { ...rest, id: idKey(id), ...(parentId === undefined ? {} : { parentId: idKey(parentId) }) };
}
