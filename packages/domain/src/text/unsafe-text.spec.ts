import { describe, expect, it } from '@jest/globals';
import { MAX_JSON_DEPTH, unsafeText } from './unsafe-text.js';

describe('unsafeText', () => {
  describe('when the value can be stored', () => {
    it('should find nothing, emoji and all', () => {
      expect(unsafeText({ name: 'Zoë 🎉', doc: { a: [1, 'b', null, { c: '日本' }] } })).toEqual([]);
    });
  });

  describe('when a string or a key holds NUL or a lone surrogate', () => {
    it('should name each place', () => {
      expect(unsafeText({ user: { username: 'a\u0000b' }, doc: { ['k\uD800']: 1, list: ['ok', '\uDC00x'] } })).toEqual(
        expect.arrayContaining([
          { path: 'user.username', message: expect.stringContaining('U+0000') },
          { path: 'doc.k\uD800', message: expect.stringContaining('its name') },
          { path: 'doc.list.1', message: expect.stringContaining('surrogate') },
        ]),
      );
    });
  });

  describe('when the value is nested too deeply', () => {
    it('should refuse it without overflowing the stack', () => {
      let deep: unknown = 'x';
      for (let i = 0; i < 100_000; i += 1) deep = { d: deep };
      const errors = unsafeText({ doc: deep });
      expect(errors).toHaveLength(1);
      expect(errors[0]?.message).toContain(`${MAX_JSON_DEPTH} levels`);
    });
  });
});
