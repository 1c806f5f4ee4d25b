import type { Json } from '../model/json.js';

/**
 * The bounds of a user's `fields` (the platform's own user data, delivered in `user_info`): it is
 * sent with every event about the user, so it must stay small and flat enough for any receiver.
 */
export const USER_FIELDS_LIMITS = {
  /** Keys of any one object in it (the top level included). */
  maxKeys: 50,
  /** Characters of a key. */
  maxKeyLength: 100,
  /** Levels of objects and arrays, `fields` itself being the first: `{ a: { b: [1] } }` has three. */
  maxDepth: 3,
  /** Characters of its JSON text (`JSON.stringify`). */
  maxJsonLength: 8_192,
} as const;

/** Why `fields` is out of bounds (null when it is not), to be reported at the field's path. */
export function userFieldsProblem(fields: Json): string | null {
  const { maxKeys, maxKeyLength, maxDepth, maxJsonLength } = USER_FIELDS_LIMITS;
  if (typeof fields !== 'object' || fields === null || Array.isArray(fields)) return 'must be an object';
  // Depth first, iteratively: a hostile depth is refused before anything recurses into it.
  const stack: { value: Json; depth: number }[] = [{ value: fields, depth: 1 }];
  while (stack.length > 0) {
    const { value, depth } = stack.pop() as { value: Json; depth: number };
    if (typeof value !== 'object' || value === null) continue;
    if (depth > maxDepth) return `must be at most ${maxDepth} levels deep (objects and arrays, fields itself the first)`;
    const entries = Array.isArray(value) ? value.map((item, i) => [String(i), item] as const) : Object.entries(value);
    if (!Array.isArray(value)) {
      if (entries.length > maxKeys) return `must have at most ${maxKeys} keys in any one object`;
      const long = entries.find(([key]) => key.length > maxKeyLength);
      if (long) return `must have keys of at most ${maxKeyLength} characters`;
    }
    for (const [, item] of entries) stack.push({ value: item, depth: depth + 1 });
  }
  if (JSON.stringify(fields).length > maxJsonLength) return `must be at most ${maxJsonLength} characters of JSON`;
  return null;
}
