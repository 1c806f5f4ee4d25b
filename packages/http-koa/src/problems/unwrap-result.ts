import type { Result } from '@webhooks/domain';
import { problems } from './http-problem.js';

/**
 * The value of an `ok` result; any other kind is thrown as its problem:
 * not_found → 404, invalid → 422 with the domain's field errors, conflict → 409 with the
 * conflict's details (`existingId`, `reason`, `inUseBy`).
 */
export function unwrap<T>(result: Result<T>): T {
  switch (result.kind) {
    case 'ok':
      return result.value;
    case 'not_found':
      throw problems.notFound(result.what);
    case 'invalid':
      throw problems.invalid(result.errors);
    case 'conflict': {
      const { kind: _kind, message, ...details } = result;
      throw problems.conflict(message, details);
    }
  }
}
