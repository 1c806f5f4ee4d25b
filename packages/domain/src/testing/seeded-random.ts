import type { Random } from '../ports/random.port.js';

/** A deterministic Random (mulberry32): the same seed gives the same jitter and keys. */
export class SeededRandom implements Random {
  private state: number;

  constructor(seed = 42) {
    this.state = seed >>> 0;
  }

  /** A float in [0, 1). */
  float(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** `length` bytes from the same sequence. */
  bytes(length: number): Uint8Array {
    return Uint8Array.from({ length }, () => Math.floor(this.float() * 256));
  }
}
