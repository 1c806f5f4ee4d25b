import { randomBytes, randomInt } from 'node:crypto';
import type { Random } from '@webhooks/domain';

/** Randomness from the operating system's CSPRNG. */
export class CryptoRandom implements Random {
  /** A float in [0, 1) with 48 bits of randomness. */
  float(): number {
    return randomInt(0, 2 ** 48 - 1) / 2 ** 48;
  }

  /** `length` random bytes. */
  bytes(length: number): Uint8Array {
    return new Uint8Array(randomBytes(length));
  }
}
