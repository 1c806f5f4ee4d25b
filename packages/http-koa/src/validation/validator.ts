import type { Static, TSchema } from '@sinclair/typebox';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { Value } from '@sinclair/typebox/value';
import type { FieldError } from '@webhooks/domain';
import { fieldErrors } from './field-errors.js';
import { registerFormats } from './formats.js';

/** A validated value, or every field at fault. */
export type Validation<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly errors: readonly FieldError[] };

/** Checks a value against one schema, compiled once. */
export type Validator<T> = (value: unknown) => Validation<T>;

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
export function compileQueryValidator<T extends TSchema>(schema: T): Validator<Static<T>> {
  const validate = compileValidator(schema);
  return (value) => validate(Value.Default(schema, Value.Convert(schema, structuredClone(value))));
}
