import type { Json, JsonObject } from '../model/json.js';

/** True when an object key names a password, in any case (`password`, `Password`, `PASSWORD`). */
export function isPasswordKey(key: string): boolean {
  return key.toLowerCase() === 'password';
}

/**
 * A copy of `value` without any property named `password` (any case), at any depth of objects
 * and arrays. Keys such as `__proto__` are copied as plain data, never as prototypes.
 */
export function withoutPasswords(value: Json): Json {
  if (Array.isArray(value)) {
    return value.map(withoutPasswords);
  }
  if (value !== null && typeof value === 'object') {
    return objectWithoutPasswords(value);
  }
  return value;
}

/** {@link withoutPasswords} for an object, keeping the object type. */
export function objectWithoutPasswords(value: JsonObject): JsonObject {
  return Object.fromEntries(
    Object.entries(value)
      .filter(([key]) => !isPasswordKey(key))
      .map(([key, item]) => [key, withoutPasswords(item)]),
  );
}
