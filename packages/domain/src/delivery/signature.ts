import { createHmac } from 'node:crypto';
import type { SigningSecret } from '../model/subscription.js';

const SECRET_PREFIX = 'whsec_';

/**
 * The Standard Webhooks headers of one request: `webhook-id`, `webhook-timestamp` (unix
 * seconds) and `webhook-signature`, a space-separated `v1,<base64 HMAC-SHA256>` over
 * `id.timestamp.body` per secret given. The caller passes only the secrets that sign now (the
 * current one, plus the previous one during a rotation's grace period). The HMAC key is the
 * base64-decoded part after `whsec_`.
 */
export function signatureHeaders(input: {
  readonly msgId: string;
  readonly timestamp: Date;
  readonly body: string;
  readonly secrets: readonly SigningSecret[];
}): Record<string, string> {
  const { msgId, timestamp, body, secrets } = input;
  if (secrets.length === 0) throw new Error(`no signing secret for message ${msgId}`);
  const seconds = Math.floor(timestamp.getTime() / 1000).toString();
  const signed = `${msgId}.${seconds}.${body}`;
  const signatures = secrets.map(({ secret }) => `v1,${createHmac('sha256', keyOf(secret)).update(signed, 'utf8').digest('base64')}`);
  return { 'webhook-id': msgId, 'webhook-timestamp': seconds, 'webhook-signature': signatures.join(' ') };
}

function keyOf(secret: string): Buffer {
  const key = Buffer.from(secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : secret, 'base64');
  if (key.length === 0) throw new Error('a signing secret decodes to no key');
  return key;
}
