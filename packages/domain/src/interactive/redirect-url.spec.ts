import { describe, expect, it } from '@jest/globals';
import { isSafeRedirect, MAX_REDIRECT_LENGTH } from './redirect-url.js';

describe('isSafeRedirect', () => {
  describe('when given an absolute http or https URL', () => {
    it('should accept it', () => {
      expect(isSafeRedirect('https://example.com/next?step=2#top')).toBe(true);
      expect(isSafeRedirect('HTTP://example.com')).toBe(true);
    });

    it('should accept one of exactly the longest length and refuse one longer', () => {
      const base = 'https://example.com/';
      expect(isSafeRedirect(base + 'a'.repeat(MAX_REDIRECT_LENGTH - base.length))).toBe(true);
      expect(isSafeRedirect(base + 'a'.repeat(MAX_REDIRECT_LENGTH - base.length + 1))).toBe(false);
    });
  });

  describe('when given anything else', () => {
    it.each([
      ['javascript:alert(1)'],
      ['JavaScript://example.com/%0aalert(1)'],
      ['data:text/html,hi'],
      ['ftp://example.com/file'],
      ['/relative/path'],
      ['//example.com/protocol-relative'],
      ['https://'],
      ['https://user:secret@example.com/'],
      ['https://example.com/\nnext'],
      [' https://example.com/'],
      ['https://exa mple.com/'],
      ['https://[::1/'],
    ])('should refuse %j', (value) => {
      expect(isSafeRedirect(value)).toBe(false);
    });
  });
});
