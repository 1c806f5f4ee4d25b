import { STATUS_CODES } from 'node:http';
import { InvalidCursorError, StorageUnavailableError } from '@webhooks/domain';
import { HttpProblem, problems } from './http-problem.js';

/**
 * The problem to answer for anything thrown: an HttpProblem as it is; a page cursor the store
 * did not make as a validation error at `cursor`; a client error that a
 * library marked safe to show (`expose`, status 4xx, as Koa's http-errors do) with its status
 * and message; a database that cannot be reached as 503 with `Retry-After`; anything else is a
 * bug or broken infrastructure, a bare 500.
 */
export function toProblem(error: unknown): HttpProblem {
  if (error instanceof HttpProblem) return error;
  // A cursor the store did not make is the caller's mistake: name the field.
  if (error instanceof InvalidCursorError) return problems.invalid([{ path: 'cursor', message: 'is not a cursor this list gave out' }]);
  // The database could not be reached: nothing was done, and the caller may simply try again.
  if (error instanceof StorageUnavailableError) return problems.storageUnavailable();
  if (typeof error === 'object' && error !== null) {
    const { status, expose, message } = error as { status?: unknown; expose?: unknown; message?: unknown };
    if (expose === true && typeof status === 'number' && status >= 400 && status < 500) {
      return new HttpProblem(status, 'http-error', STATUS_CODES[status] ?? 'Client Error', typeof message === 'string' ? message : undefined);
    }
  }
  return problems.internal();
}
