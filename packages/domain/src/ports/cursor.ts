/** One page of a list, with an opaque cursor to the next page (null at the end). */
export interface Page<T> {
  readonly items: readonly T[];
  readonly nextCursor: string | null;
}

/** Where a page starts and how long it is. */
export interface PageRequest {
  readonly cursor?: string;
  readonly limit: number;
}

/**
 * Thrown by a store given a cursor it did not make (tampered with, or from another list). The
 * HTTP layer answers it as a validation error at `cursor`; it is the caller's mistake, not a bug.
 */
export class InvalidCursorError extends Error {
  constructor(readonly cursor: string) {
    super(`invalid page cursor: ${JSON.stringify(cursor.slice(0, 100))}`);
    this.name = 'InvalidCursorError';
  }
}
