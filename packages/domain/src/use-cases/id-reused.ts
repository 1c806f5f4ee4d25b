import type { Result } from '../model/result.js';
import { conflict } from '../model/result.js';

/** The conflict of an id repeated with another body (`what`: `activity id a-1`, `submission id s-1`). */
export function idReused<T>(what: string): Result<T> {
  return conflict(
    `${what} was used before for a request with another body: a repeat must send the same body (it then answers as the first time); use a new id for a new request`,
    { reason: 'id_reused' },
  );
}
