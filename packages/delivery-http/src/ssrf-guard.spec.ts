import { describe, expect, it } from '@jest/globals';
import { checkTarget, classifyHostName } from './ssrf-guard.js';

const guarded = { allowPrivateTargets: false, allowHttpTargets: false };
const open = { allowPrivateTargets: true, allowHttpTargets: true };

describe(checkTarget.name, () => {
  describe('when the URL is not a usable http(s) URL', () => {
    it.each([
      ['not a url', 'not a valid absolute URL'],
      ['/relative/path', 'not a valid absolute URL'],
      ['ftp://example.com/', 'scheme ftp: is not allowed'],
      ['file:///etc/passwd', 'scheme file: is not allowed'],
      ['https://user:secret@example.com/', 'credentials in the URL are not allowed'],
      ['https://user@example.com/', 'credentials in the URL are not allowed'],
    ])('should refuse %s even with every switch on', (url, reason) => {
      expect(checkTarget(url, open)).toEqual({ allowed: false, reason });
    });
  });

  describe('when plain http is not allowed', () => {
    it('should refuse an http URL', () => {
      expect(checkTarget('http://example.com/hook', guarded)).toEqual({ allowed: false, reason: 'plain http targets are not allowed' });
    });

    it('should accept an https URL to a public name', () => {
      expect(checkTarget('https://example.com/hook', guarded)).toMatchObject({ allowed: true });
    });
  });

  describe('when the host is an IP literal', () => {
    it.each([
      ['https://2130706433/', '127.0.0.1 is refused: loopback'],
      ['https://0x7f.1/', '127.0.0.1 is refused: loopback'],
      ['https://[::ffff:127.0.0.1]/', '::ffff:7f00:1 is refused: ipv4Mapped embedding 127.0.0.1 (loopback)'],
      ['https://169.254.169.254/latest/meta-data/', '169.254.169.254 is refused: cloud metadata'],
    ])('should judge %s on the address WHATWG URL makes of it', (url, reason) => {
      expect(checkTarget(url, guarded)).toEqual({ allowed: false, reason });
    });

    it('should accept a public literal', () => {
      expect(checkTarget('https://[2606:4700:4700::1111]:8443/x', guarded)).toMatchObject({ allowed: true });
    });

    it('should accept anything when private targets are allowed', () => {
      expect(checkTarget('http://127.0.0.1:8080/', open)).toMatchObject({ allowed: true });
    });
  });

  describe('when the host is a name', () => {
    it('should hand back the parsed URL for the request', () => {
      const check = checkTarget('https://Hooks.Example.com:8443/a?b=1', guarded);

      expect(check.allowed && check.url.href).toBe('https://hooks.example.com:8443/a?b=1');
    });
  });
});

describe(classifyHostName.name, () => {
  describe('when the name only ever means "inside"', () => {
    it.each(['localhost', 'LocalHost.', 'local', 'internal', 'a.b.localhost', 'metadata.google.internal', 'db.internal', 'printer.local', 'nas.home.arpa'])(
      'should refuse %s',
      (name) => {
        expect(classifyHostName(name).allowed).toBe(false);
      },
    );
  });

  describe('when the name is an ordinary one', () => {
    it.each(['example.com', 'localhost.example.com', 'internal.example.com', 'mylocal', 'hooks.localhost-app.io'])('should leave %s to the address check', (name) => {
      expect(classifyHostName(name)).toEqual({ allowed: true });
    });
  });
});
