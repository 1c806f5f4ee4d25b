import type { FieldError } from '../model/result.js';
import { textProblem } from './storable-text.js';

/** Deepest nesting a JSON value from outside may have (a request body, a subscriber's answer): free-form objects (`doc`, `payment`, `jdoc`) are forms, not trees. */
export const MAX_JSON_DEPTH = 32;

/**
 * Every place in a parsed JSON value (or query) that no store can keep: strings and keys with
 * NUL or lone surrogates, and nesting deeper than {@link MAX_JSON_DEPTH}. Walks iteratively, so
 * a hostile depth cannot overflow the stack here either.
 */
export function unsafeText(value: unknown, maxDepth = MAX_JSON_DEPTH): FieldError[] {
  const errors: FieldError[] = [];
  const stack: { value: unknown; path: string; depth: number }[] = [{ value, path: '', depth: 0 }];
  while (stack.length > 0 && errors.length < 20) {
    const { value: current, path, depth } = stack.pop() as { value: unknown; path: string; depth: number };
    if (typeof current === 'string') {
      const problem = textProblem(current);
      if (problem) errors.push({ path, message: problem });
      continue;
    }
    if (typeof current !== 'object' || current === null) continue;
    if (depth >= maxDepth) {
      errors.push({ path, message: `is nested more than ${maxDepth} levels deep` });
      continue;
    }
    for (const [key, child] of Object.entries(current)) {
      const childPath = path === '' ? key : `${path}.${key}`;
      const keyProblem = textProblem(key);
      if (keyProblem) errors.push({ path: childPath, message: `its name ${keyProblem}` });
      else stack.push({ value: child, path: childPath, depth: depth + 1 });
    }
  }
  return errors;
}
