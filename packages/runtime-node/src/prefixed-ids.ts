import { randomBytes } from 'node:crypto';
import type { IdGenerator, IdPrefix } from '@webhooks/domain';

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

const LOW = 2 ** 40;
const POOL_BYTES = 1_000;

/** Crockford base32 of `value` (an integer below 2^53) in `length` characters. */
function base32(value: number, length: number): string {
  let out = '';
  for (let i = 0; i < length; i += 1) {
    out = ALPHABET[value % 32] + out;
    value = Math.floor(value / 32);
  }
  return out;
}

/**
 * Prefixed ULIDs (`msg_01JD…`): 48 bits of milliseconds then 80 random bits, so ids sort by
 * creation time; within one millisecond the random part is incremented, so they stay ordered.
 * The random part is kept as two 40-bit halves in plain numbers (no BigInt: an id is made per
 * event, delivery and attempt, and BigInt arithmetic allocated on every digit).
 */
export class PrefixedIds implements IdGenerator {
  private lastTime = 0;
  private high = 0;
  private low = 0;
  /** Random bytes fetched 1 KiB at a time (one system call per ~100 new milliseconds, not per millisecond). */
  private pool: Buffer = Buffer.alloc(0);
  private offset = 0;

  constructor(
    private readonly now: () => number = Date.now,
    private readonly bytes: (size: number) => Buffer = randomBytes,
  ) {}

  /** The next id with `prefix`. */
  next(prefix: IdPrefix): string {
    const time = this.now();
    if (time <= this.lastTime) {
      this.low += 1;
      if (this.low === LOW) {
        this.low = 0;
        // The top bit of the random part starts clear, so 2^79 increments fit before it could wrap.
        this.high += 1;
      }
    } else {
      this.lastTime = time;
      if (this.offset + 10 > this.pool.length) {
        this.pool = this.bytes(POOL_BYTES);
        this.offset = 0;
      }
      // 79 random bits (the top one clear, leaving room to increment): high 39 bits, low 40 bits.
      this.high = Math.floor(this.pool.readUIntBE(this.offset, 5) / 2);
      this.low = this.pool.readUIntBE(this.offset + 5, 5);
      this.offset += 10;
    }
    return `${prefix}_${base32(this.lastTime, 10)}${base32(this.high, 8)}${base32(this.low, 8)}`;
  }
}
