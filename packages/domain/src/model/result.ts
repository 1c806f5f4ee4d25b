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
  | ({ readonly kind: 'conflict'; readonly message: string } & ConflictDetails);

/** What a conflict may say besides its message, for machines. */
export interface ConflictDetails {
  /** The id of the one resource in the way (the webhook holding a URL). */
  readonly existingId?: string;
  /** Why, as a stable code (`api_origin`, `webhook_deleted`, `id_reused`, `form_in_use`, …). */
  readonly reason?: string;
  /** Every resource in the way, by kind (`{ webhooks: [...], triggers: [...] }`). */
  readonly inUseBy?: Readonly<Record<string, readonly string[]>>;
}

/** Wraps a value as a successful result. */
export const ok = <T>(value: T): Result<T> => ({ kind: 'ok', value });

/** A not-found result naming what was looked for. */
export const notFound = <T>(what: string): Result<T> => ({ kind: 'not_found', what });

/** An invalid result with the fields at fault. */
export const invalid = <T>(errors: readonly FieldError[]): Result<T> => ({ kind: 'invalid', errors });

/** A conflict: `message` says what is in the way and what to do; `details` say it for machines. */
export const conflict = <T>(message: string, details: ConflictDetails = {}): Result<T> => ({ kind: 'conflict', message, ...details });
