import { createHash, timingSafeEqual } from 'node:crypto';
import type { Random } from '../ports/random.port.js';

/** Prefixes of the bearer keys the service hands out. */
export type KeyPrefix = 'pk' | 'ak';

/** A new random key such as `pk_…`: 32 bytes, base64url. Shown once, stored hashed. */
export function generateKey(random: Random, prefix: KeyPrefix): string {
  return `${prefix}_${Buffer.from(random.bytes(32)).toString('base64url')}`;
}

/** The SHA-256 (hex) under which a key is stored and looked up. */
export function hashKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/** Compares two secrets in constant time (of their hashes, so lengths do not leak). */
export function sameSecret(a: string, b: string): boolean {
  return timingSafeEqual(createHash('sha256').update(a).digest(), createHash('sha256').update(b).digest());
}
