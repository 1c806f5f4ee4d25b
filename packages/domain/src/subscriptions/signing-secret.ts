import type { SigningSecret } from '../model/subscription.js';
import type { Random } from '../ports/random.port.js';

/** How long a replaced secret keeps signing alongside the new one: one day. */
export const DEFAULT_SECRET_GRACE_MS = 24 * 3600 * 1000;

/** The prefix of every signing secret (Standard Webhooks). */
const SECRET_PREFIX = 'whsec_';

/** How many random bytes a new secret carries. */
const SECRET_BYTES = 32;

/** A new current secret: `whsec_` and base64 of 32 bytes from `random`, created `now`, no expiry. */
export function newSigningSecret(random: Random, now: Date): SigningSecret {
  const bytes = random.bytes(SECRET_BYTES);
  if (bytes.length !== SECRET_BYTES) {
    throw new Error(`Random.bytes(${SECRET_BYTES}) returned ${bytes.length} bytes`);
  }
  return { secret: `${SECRET_PREFIX}${Buffer.from(bytes).toString('base64')}`, createdAt: now, expiresAt: null };
}

/** The secrets that sign at `now` (no expiry, or an expiry after `now`), newest first. */
export function activeSecrets(secrets: readonly SigningSecret[], now: Date): SigningSecret[] {
  return newestFirst(secrets.filter((secret) => signsAt(secret, now)));
}

/**
 * Replaces the current secret by `fresh`: the secrets still signing keep signing until
 * `now + graceMs` (or their own earlier expiry), expired ones (all old ones when `graceMs` is 0)
 * are dropped, and `fresh` comes first (given among `secrets` too, it is not repeated). The result is newest first.
 */
export function rotateSecrets(
  secrets: readonly SigningSecret[],
  fresh: SigningSecret,
  now: Date,
  graceMs: number,
): SigningSecret[] {
  if (!Number.isFinite(graceMs) || graceMs < 0) {
    throw new RangeError(`graceMs must be a finite number ≥ 0, got ${graceMs}`);
  }
  const graceEnd = now.getTime() + graceMs;
  const others = secrets.filter((secret) => secret.secret !== fresh.secret);
  const kept = activeSecrets(others, now)
    .map((secret) => ({ ...secret, expiresAt: new Date(Math.min(secret.expiresAt?.getTime() ?? graceEnd, graceEnd)) }))
    .filter((secret) => signsAt(secret, now));
  return [fresh, ...kept];
}

function signsAt(secret: SigningSecret, now: Date): boolean {
  return secret.expiresAt === null || secret.expiresAt.getTime() > now.getTime();
}

function newestFirst(secrets: readonly SigningSecret[]): SigningSecret[] {
  return [...secrets].sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime());
}
