/** Randomness: jitter and key material come from here, so tests can fix them. */
export interface Random {
  /** A float in [0, 1). */
  float(): number;
  /** `length` cryptographically strong random bytes. */
  bytes(length: number): Uint8Array;
}
