import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { excerpt, storableText, textProblem } from './storable-text.js';

describe('storable text', () => {
  describe('textProblem', () => {
    it('should accept any well-formed text without NUL', () => {
      expect(textProblem('Zoë 🎉 日本 \u0001\t')).toBeNull();
    });

    it('should name NUL and lone surrogates', () => {
      expect(textProblem('ok\u0000')).toMatch(/NUL/);
      expect(textProblem('a\uD800')).toMatch(/lone surrogate/);
      expect(textProblem('\uDC00a')).toMatch(/lone surrogate/);
    });
  });

  describe('storableText', () => {
    it('should replace NUL and lone surrogates with U+FFFD and keep pairs', () => {
      expect(storableText('ok\u0000')).toBe('ok\uFFFD');
      expect(storableText('\uD83D😀\uDE00x')).toBe('\uFFFD😀\uFFFDx');
    });

    it('should always give text without a problem, unchanged when it had none', () => {
      fc.assert(
        fc.property(fc.string({ unit: fc.constantFrom('\u0000', '\uD800', '\uDFFF', '\uD83D', '\uDE00', '😀', 'a', '\u0001') }), (text) => {
          const kept = storableText(text);
          expect(textProblem(kept)).toBeNull();
          expect(kept.length).toBe(text.length);
          if (textProblem(text) === null) expect(kept).toBe(text);
        }),
      );
    });
  });

  describe('excerpt', () => {
    it('should cut before a surrogate pair that the cut would split', () => {
      expect(excerpt(`${'a'.repeat(4095)}😀`, 4096)).toBe('a'.repeat(4095));
      expect(excerpt(`${'a'.repeat(4094)}😀`, 4096)).toBe(`${'a'.repeat(4094)}😀`);
      expect(excerpt('short', 4096)).toBe('short');
    });

    it('should keep at most the cap, storable, as a prefix of the storable text', () => {
      fc.assert(
        fc.property(fc.string({ unit: fc.constantFrom('\u0000', '\uD800', '😀', 'a', 'é') }), fc.integer({ min: 1, max: 20 }), (text, max) => {
          const cut = excerpt(text, max);
          expect(cut.length).toBeLessThanOrEqual(max);
          expect(cut.length).toBeGreaterThanOrEqual(Math.min(text.length, max - 1));
          expect(textProblem(cut)).toBeNull();
          expect(storableText(text).startsWith(cut)).toBe(true);
        }),
      );
    });
  });
});
