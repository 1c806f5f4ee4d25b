import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import type { SigningSecret } from '../model/subscription.js';
import type { Random } from '../ports/random.port.js';
import { DEFAULT_SECRET_GRACE_MS, activeSecrets, newSigningSecret, rotateSecrets } from './signing-secret.js';

const NOW = new Date('2024-05-01T12:00:00.000Z');
const at = (offsetMs: number): Date => new Date(NOW.getTime() + offsetMs);
const secret = (name: string, createdOffsetMs: number, expiresOffsetMs: number | null): SigningSecret => ({
  secret: `whsec_${name}`,
  createdAt: at(createdOffsetMs),
  expiresAt: expiresOffsetMs === null ? null : at(expiresOffsetMs),
});

/** A Random that hands out fixed bytes and remembers what was asked. */
function fixedRandom(fill: (length: number) => Uint8Array): Random & { readonly asked: number[] } {
  const asked: number[] = [];
  return {
    asked,
    float: () => 0.5,
    bytes: (length) => {
      asked.push(length);
      return fill(length);
    },
  };
}

describe('newSigningSecret', () => {
  describe('when made from the Random port', () => {
    it('should be whsec_ followed by base64 of 32 random bytes, current and created now', () => {
      const random = fixedRandom((length) => Uint8Array.from({ length }, (_, i) => i));
      const made = newSigningSecret(random, NOW);
      expect(random.asked).toEqual([32]);
      expect(made.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
      expect([...Buffer.from(made.secret.slice('whsec_'.length), 'base64')]).toEqual(Array.from({ length: 32 }, (_, i) => i));
      expect(made.createdAt).toEqual(NOW);
      expect(made.expiresAt).toBeNull();
    });

    it('should differ when the random bytes differ', () => {
      const a = newSigningSecret(fixedRandom((length) => new Uint8Array(length).fill(1)), NOW);
      const b = newSigningSecret(fixedRandom((length) => new Uint8Array(length).fill(2)), NOW);
      expect(a.secret).not.toBe(b.secret);
    });
  });

  describe('when the Random port returns the wrong number of bytes', () => {
    it('should throw, since a short key is a broken port', () => {
      expect(() => newSigningSecret(fixedRandom(() => new Uint8Array(16)), NOW)).toThrow('returned 16 bytes');
    });
  });
});

describe('activeSecrets', () => {
  describe('when some secrets have expired', () => {
    it('should keep those with no expiry or an expiry after now, newest first', () => {
      const current = secret('current', 0, null);
      const previous = secret('previous', -1000, 5000);
      const expired = secret('expired', -2000, -1);
      expect(activeSecrets([previous, expired, current], NOW)).toEqual([current, previous]);
    });

    it('should not count a secret expiring exactly now as signing', () => {
      expect(activeSecrets([secret('edge', -10, 0)], NOW)).toEqual([]);
    });
  });
});

describe('rotateSecrets', () => {
  const fresh = secret('fresh', 0, null);

  describe('when the current secret is replaced', () => {
    it('should put the fresh secret first and let the current one sign until now + grace', () => {
      const current = secret('current', -1000, null);
      expect(rotateSecrets([current], fresh, NOW, 60_000)).toEqual([fresh, { ...current, expiresAt: at(60_000) }]);
    });

    it('should keep an earlier expiry of a secret already being replaced', () => {
      const older = secret('older', -5000, 1000);
      const current = secret('current', -1000, null);
      expect(rotateSecrets([older, current], fresh, NOW, 60_000)).toEqual([
        fresh,
        { ...current, expiresAt: at(60_000) },
        older,
      ]);
    });

    it('should cut a later expiry down to now + grace', () => {
      const lingering = secret('lingering', -5000, 10 * DEFAULT_SECRET_GRACE_MS);
      expect(rotateSecrets([lingering], fresh, NOW, 1000)).toEqual([fresh, { ...lingering, expiresAt: at(1000) }]);
    });

    it('should drop expired secrets', () => {
      expect(rotateSecrets([secret('expired', -5000, -1)], fresh, NOW, 1000)).toEqual([fresh]);
    });

    it('should drop every old secret when there is no grace', () => {
      expect(rotateSecrets([secret('current', -5000, null)], fresh, NOW, 0)).toEqual([fresh]);
    });

    it('should not repeat the fresh secret when it is among the old ones', () => {
      expect(rotateSecrets([fresh], fresh, NOW, 1000)).toEqual([fresh]);
    });
  });

  describe('when time passes after a rotation', () => {
    it('should sign with the fresh and the old secrets during the grace, and with the fresh one alone after it', () => {
      fc.assert(
        fc.property(
          fc.array(fc.tuple(fc.integer({ min: -1e7, max: -1 }), fc.option(fc.integer({ min: -1e7, max: 1e7 }))), { maxLength: 6 }),
          fc.integer({ min: 0, max: 1e7 }),
          (rows, graceMs) => {
            const old = rows.map(([created, expires], i) => secret(`s${i}`, created, expires));
            const rotated = rotateSecrets(old, fresh, NOW, graceMs);
            const signingNow = activeSecrets(rotated, NOW).map((s) => s.secret);
            const oldSigning = graceMs === 0 ? [] : activeSecrets(old, NOW).map((s) => s.secret);
            expect(signingNow).toEqual(['whsec_fresh', ...oldSigning]);
            expect(rotated.map((s) => s.secret)).toEqual(signingNow);
            expect(activeSecrets(rotated, at(graceMs))).toEqual([fresh]);
          },
        ),
      );
    });
  });

  describe('when the grace is not a duration', () => {
    it.each([-1, Number.NaN, Number.POSITIVE_INFINITY])('should throw for %p, since that is a bug', (graceMs) => {
      expect(() => rotateSecrets([], fresh, NOW, graceMs)).toThrow(RangeError);
    });
  });
});

describe('DEFAULT_SECRET_GRACE_MS', () => {
  describe('when read', () => {
    it('should be one day', () => {
      expect(DEFAULT_SECRET_GRACE_MS).toBe(86_400_000);
    });
  });
});
