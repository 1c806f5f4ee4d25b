import type { Static, TSchema } from '@sinclair/typebox';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { Value } from '@sinclair/typebox/value';
import type { FieldError } from '@webhooks/domain';
import { fieldErrors } from './field-errors.js';
import { registerFormats } from './formats.js';

/** A validated value, or every field at fault. */
type Validation<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly errors: readonly FieldError[] };

/** Checks a value against one schema, compiled once. */
export type Validator<T> = (value: unknown) => Validation<T>;

/** Checks a parsed query, given the parameter names exactly as the query string had them. */
export type QueryValidator<T> = (value: unknown, names?: readonly string[]) => Validation<T>;

/** Compiles `schema` into a validator that reports field errors with dotted paths. */
export function compileValidator<T extends TSchema>(schema: T): Validator<Static<T>> {
  registerFormats();
  const compiled = TypeCompiler.Compile(schema);
  return (value) => (compiled.Check(value) ? { ok: true, value } : { ok: false, errors: fieldErrors(compiled.Errors(value)) });
}

/**
 * Like {@link compileValidator}, for query strings: defaults are filled in and strings converted to
 * the declared types (`limit=5` → 5) before the check. A repeated parameter stays an array and fails.
 */
export function compileQueryValidator<T extends TSchema>(schema: T): QueryValidator<Static<T>> {
  const validate = compileValidator(schema);
  const known = new Set(Object.keys((schema as { properties?: object }).properties ?? {}));
  return (value, names = Object.keys(value ?? {})) => {
    const raw = (value ?? {}) as Record<string, unknown>;
    // The names as sent (Koa's parsed query drops `__proto__`, conversion would too): none unknown.
    const unknown = [...new Set(names)].filter((key) => !known.has(key));
    if (unknown.length > 0) return { ok: false, errors: unknown.map((path) => ({ path, message: 'is not a parameter of this route' })) };
    const converted = Value.Default(schema, Value.Convert(schema, structuredClone({ ...raw }))) as Record<string, unknown>;
    // Conversion must not change what was written: `limit=1.5` is not `limit=1`.
    const altered = Object.keys(raw).filter((key) => typeof converted[key] === 'number' && String(converted[key]) !== raw[key]);
    if (altered.length > 0) return { ok: false, errors: altered.map((path) => ({ path, message: 'must be a whole number' })) };
    return validate(converted);
  };
}
