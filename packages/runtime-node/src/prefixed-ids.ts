import { randomBytes } from 'node:crypto';
import type { IdGenerator, IdPrefix } from '@webhooks/domain';

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** Crockford base32 of `value` in `length` characters. */
function base32(value: bigint, length: number): string {
  let out = '';
  for (let i = 0; i < length; i += 1) {
    out = ALPHABET[Number(value & 31n)] + out;
    value >>= 5n;
  }
  return out;
}

/**
 * Prefixed ULIDs (`msg_01JD…`): 48 bits of milliseconds then 80 random bits, so ids sort by
 * creation time; within one millisecond the random part is incremented, so they stay ordered.
 */
export class PrefixedIds implements IdGenerator {
  private lastTime = 0;
  private lastRandom = 0n;

  constructor(private readonly now: () => number = Date.now) {}

  /** The next id with `prefix`. */
  next(prefix: IdPrefix): string {
    const time = this.now();
    if (time <= this.lastTime) {
      this.lastRandom += 1n;
    } else {
      this.lastTime = time;
      this.lastRandom = BigInt(`0x${randomBytes(10).toString('hex')}`) >> 1n;
    }
    return `${prefix}_${base32(BigInt(this.lastTime), 10)}${base32(this.lastRandom, 16)}`;
  }
}
