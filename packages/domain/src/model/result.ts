/** A field that failed validation: `path` like `url` or `on.formId`, and why. */
export interface FieldError {
  readonly path: string;
  readonly message: string;
}

/** Recoverable outcomes of use cases; exceptions are kept for bugs and broken infrastructure. */
export type Result<T> =
  | { readonly kind: 'ok'; readonly value: T }
  | { readonly kind: 'not_found'; readonly what: string }
  | { readonly kind: 'invalid'; readonly errors: readonly FieldError[] }
  | { readonly kind: 'conflict'; readonly message: string; readonly existingId?: string };

/** Wraps a value as a successful result. */
export const ok = <T>(value: T): Result<T> => ({ kind: 'ok', value });

/** A not-found result naming what was looked for. */
export const notFound = <T>(what: string): Result<T> => ({ kind: 'not_found', what });

/** An invalid result with the fields at fault. */
export const invalid = <T>(errors: readonly FieldError[]): Result<T> => ({ kind: 'invalid', errors });
