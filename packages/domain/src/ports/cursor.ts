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
