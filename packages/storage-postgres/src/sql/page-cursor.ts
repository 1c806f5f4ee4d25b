import { InvalidCursorError } from '@webhooks/domain';

/** Where a keyset page starts: the (created_at, id) of the last item of the previous page. */
export interface PageCursor {
  readonly createdAt: Date;
  readonly id: string;
}

/** Encodes a position as an opaque cursor: base64url of `[iso time, id]`. */
export function encodeCursor(position: PageCursor): string {
  return Buffer.from(JSON.stringify([position.createdAt.toISOString(), position.id])).toString('base64url');
}


const EARLIEST = Date.UTC(1970, 0, 1);
const LATEST = Date.UTC(9999, 11, 31);
const SAFE_ID = /^[A-Za-z0-9_-]{1,100}$/;

/** Decodes a cursor; throws {@link InvalidCursorError} when it is not one of ours. */
export function decodeCursor(cursor: string): PageCursor {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(parsed) && parsed.length === 2 && typeof parsed[0] === 'string' && typeof parsed[1] === 'string') {
      const createdAt = new Date(parsed[0]);
      // Only what encodeCursor makes: a time Postgres can hold, and an id of safe characters.
      const time = createdAt.getTime();
      if (time >= EARLIEST && time <= LATEST && SAFE_ID.test(parsed[1])) return { createdAt, id: parsed[1] };
    }
  } catch {
    // fall through
  }
  throw new InvalidCursorError(cursor);
}
