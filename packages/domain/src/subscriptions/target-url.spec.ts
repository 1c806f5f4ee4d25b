import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { MAX_TARGET_URL_LENGTH, normaliseTargetUrl } from './target-url.js';

const HTTPS_ONLY = { allowHttp: false } as const;
const WITH_HTTP = { allowHttp: true } as const;

const urlOf = (raw: string, options: { readonly allowHttp: boolean } = HTTPS_ONLY): string | null => {
  const result = normaliseTargetUrl(raw, options);
  return result.kind === 'ok' ? result.url : null;
};

const webUrlArb = fc.webUrl({ validSchemes: ['https', 'http'], withQueryParameters: true, withFragments: true });

describe('normaliseTargetUrl', () => {
  describe('when the URL is an acceptable https URL', () => {
    it.each([
      ['HTTPS://Example.COM', 'https://example.com/'],
      ['https://example.com:443/hooks', 'https://example.com/hooks'],
      ['https://example.com:8443/hooks', 'https://example.com:8443/hooks'],
      ['https://example.com/hooks?a=1#section', 'https://example.com/hooks?a=1'],
      ['https://bücher.de/x', 'https://xn--bcher-kva.de/x'],
      ['  https://example.com/a  ', 'https://example.com/a'],
      ['https://[::1]:443/a', 'https://[::1]/a'],
      ['https://example.com/Path/Keeps/Case', 'https://example.com/Path/Keeps/Case'],
    ])('should normalise %p to %p: scheme and host lower-cased, default port, fragment dropped, / path', (raw, url) => {
      expect(normaliseTargetUrl(raw, HTTPS_ONLY)).toEqual({ kind: 'ok', url });
    });
  });

  describe('when two spellings name one URL', () => {
    it.each([
      ['HTTPS://EXAMPLE.com:443', 'https://example.com/'],
      ['https://example.com#top', 'https://example.com:443/#bottom'],
      ['https://xn--bcher-kva.de/', 'https://BÜCHER.de'],
    ])('should normalise %p and %p equal', (a, b) => {
      expect(urlOf(a)).not.toBeNull();
      expect(urlOf(a)).toBe(urlOf(b));
    });

    it('should normalise a URL spelled with upper-case scheme and host, explicit default port and a fragment equal to the URL', () => {
      fc.assert(
        fc.property(webUrlArb, fc.string({ unit: fc.constantFrom(...'abcxyz') }), (raw, fragment) => {
          const normal = urlOf(raw, WITH_HTTP);
          fc.pre(normal !== null);
          const parsed = new URL(normal ?? '');
          const port = parsed.port === '' ? (parsed.protocol === 'https:' ? ':443' : ':80') : `:${parsed.port}`;
          const rest = (normal ?? '').slice(`${parsed.protocol}//${parsed.host}`.length);
          const variant = `${parsed.protocol.toUpperCase()}//${parsed.hostname.toUpperCase()}${port}${rest}#${fragment}`;
          expect(urlOf(variant, WITH_HTTP)).toBe(normal);
        }),
      );
    });
  });

  describe('when a normalised URL is normalised again', () => {
    it('should return it unchanged, for any web URL', () => {
      fc.assert(
        fc.property(webUrlArb, fc.boolean(), (raw, allowHttp) => {
          const once = normaliseTargetUrl(raw, { allowHttp });
          fc.pre(once.kind === 'ok');
          if (once.kind === 'ok') expect(normaliseTargetUrl(once.url, { allowHttp })).toEqual(once);
        }),
      );
    });

    it('should return it unchanged, for any text that is accepted at all', () => {
      fc.assert(
        fc.property(fc.string({ maxLength: 40 }), (tail) => {
          const once = normaliseTargetUrl(`https://${tail}`, HTTPS_ONLY);
          if (once.kind === 'ok') expect(normaliseTargetUrl(once.url, HTTPS_ONLY)).toEqual(once);
        }),
      );
    });
  });

  describe('when the URL is not absolute', () => {
    it.each(['', '/hooks', 'example.com/hooks', 'https://', 'https:', '://example.com'])(
      'should refuse %p, saying it must be absolute with a host',
      (raw) => {
        expect(normaliseTargetUrl(raw, WITH_HTTP)).toEqual({
          kind: 'error',
          message: 'url must be an absolute URL with a host, such as https://example.com/hooks',
        });
      },
    );
  });

  describe('when the scheme is not https', () => {
    it('should refuse http unless the deployment allows it', () => {
      expect(normaliseTargetUrl('http://example.com/', HTTPS_ONLY)).toEqual({
        kind: 'error',
        message: 'url must use https, not http',
      });
      expect(normaliseTargetUrl('HTTP://example.com:80', WITH_HTTP)).toEqual({ kind: 'ok', url: 'http://example.com/' });
    });

    it.each(['ftp://example.com/', 'file:///etc/passwd', 'javascript:alert(1)', 'ws://example.com/', 'data:text/plain,x'])(
      'should refuse %p even when http is allowed',
      (raw) => {
        const result = normaliseTargetUrl(raw, WITH_HTTP);
        expect(result.kind === 'error' && result.message.startsWith('url must use https or http, not ')).toBe(true);
      },
    );
  });

  describe('when the URL carries credentials', () => {
    it.each(['https://user@example.com/', 'https://user:pw@example.com/', 'https://:pw@example.com/'])(
      'should refuse %p',
      (raw) => {
        expect(normaliseTargetUrl(raw, HTTPS_ONLY)).toEqual({
          kind: 'error',
          message: 'url must not contain a user name or password',
        });
      },
    );
  });

  describe('when the URL is long', () => {
    const tooLong = { kind: 'error', message: `url must be at most ${MAX_TARGET_URL_LENGTH} characters` };

    it('should accept exactly 2048 characters and refuse 2049', () => {
      const base = 'https://example.com/';
      expect(normaliseTargetUrl(base + 'a'.repeat(MAX_TARGET_URL_LENGTH - base.length), HTTPS_ONLY).kind).toBe('ok');
      expect(normaliseTargetUrl(base + 'a'.repeat(MAX_TARGET_URL_LENGTH - base.length + 1), HTTPS_ONLY)).toEqual(tooLong);
    });

    it('should refuse a URL that grows past the bound when normalised (percent-encoding)', () => {
      expect(normaliseTargetUrl(`https://example.com/${' '.repeat(1000)}x`, HTTPS_ONLY)).toEqual(tooLong);
    });
  });
});
