import { describe, expect, it } from '@jest/globals';
import { InvalidCursorError } from '@webhooks/domain';
import { decodeCursor, encodeCursor } from './page-cursor.js';

describe('page cursors', () => {
  it('should decode what they encode', () => {
    const position = { createdAt: new Date('2026-01-01T00:00:00.123Z'), id: 'dlv_01JD8Z7K3X2W9V0Q' };
    const cursor = encodeCursor(position);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(cursor)).toEqual(position);
  });

  it.each(['', 'not base64 at all!', Buffer.from('[1,2]').toString('base64url'), Buffer.from('["nope","id"]').toString('base64url'),
    // Dates JavaScript holds but Postgres does not, and ids no id generator makes (hardening BUG-1).
    Buffer.from('["-271821-04-20T00:00:00.000Z","x"]').toString('base64url'),
    Buffer.from('["2026-01-01T00:00:00.000Z","a\\u0000b"]').toString('base64url')])(
    'should reject %p',
    (cursor) => {
      expect(() => decodeCursor(cursor)).toThrow(InvalidCursorError);
    },
  );
});
