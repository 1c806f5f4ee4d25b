import { StorageUnavailableError } from '@webhooks/domain';

/**
 * SQLSTATEs of a database that cannot serve now: the connection exceptions of class 08 (none, lost,
 * failed, refused, could not be made, lost during commit), shutdown, startup, too many connections.
 * Not `08P01` protocol_violation: that is a statement the server refused (more than 65,535
 * parameters, say) — trying again fails the same way, so it is a bug to log, not "retry later".
 */
const UNAVAILABLE_STATES = new Set(['08000', '08001', '08003', '08004', '08006', '08007', '57P01', '57P02', '57P03', '53300']);
/** Socket errors of a connection that could not be made or was lost. */
const SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);
/** What node-postgres says when a connection ends under it or cannot be had in time. */
const LOST = /Connection terminated|connection error and is not queryable|timeout exceeded when trying to connect|Client was closed and is not queryable/i;

/** True when `error` says the database could not be reached, not that a statement failed. */
export function isUnavailable(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { code, message } = error as { code?: unknown; message?: unknown };
  if (typeof code === 'string' && (UNAVAILABLE_STATES.has(code) || SOCKET_CODES.has(code))) return true;
  if (error instanceof AggregateError) return error.errors.some(isUnavailable);
  return typeof message === 'string' && LOST.test(message);
}

/** `error` as the domain's StorageUnavailableError when the database could not be reached; otherwise as it is. */
export function translated(error: unknown): unknown {
  if (error instanceof StorageUnavailableError || !isUnavailable(error)) return error;
  const reason = (error as { message?: unknown }).message;
  return new StorageUnavailableError(`the database cannot be reached: ${typeof reason === 'string' ? reason : 'unknown'}`, { cause: error });
}

/** The store with every async method's failures passed through `translated`. */
export function translatingErrors<T extends object>(store: T): T {
  return new Proxy(store, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        const result: unknown = (value as (...a: unknown[]) => unknown).apply(target, args);
        return result instanceof Promise
          ? result.catch((error: unknown) => {
              throw translated(error);
            })
          : result;
      };
    },
  });
}
