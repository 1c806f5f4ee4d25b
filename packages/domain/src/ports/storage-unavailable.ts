/**
 * Thrown by a storage adapter when the database cannot be reached (refused, lost, shutting down,
 * out of connections) rather than when a statement is wrong: the caller may try again shortly,
 * and the HTTP layer answers 503 with `Retry-After` instead of 500.
 */
export class StorageUnavailableError extends Error {
  constructor(message: string, options?: { readonly cause?: unknown }) {
    super(message, options);
    this.name = 'StorageUnavailableError';
  }
}
