import type { Subscription } from '@webhooks/domain';
import type { WebhookView, WebhookWithSecretView } from '../schemas/webhook.schema.js';
import { iso } from './iso.js';

/** A webhook as answered: never its secrets. */
export function webhookView(s: Subscription): WebhookView {
  return {
    id: s.id,
    event: s.eventKey,
    url: s.url,
    description: s.description,
    enabled: s.enabled,
    disabledReason: s.disabledReason,
    failingSince: s.failingSince === null ? null : iso(s.failingSince),
    timeoutMs: s.timeoutMs,
    failurePolicy: s.failurePolicy,
    createdAt: iso(s.createdAt),
    updatedAt: iso(s.updatedAt),
  };
}

/** A webhook with its current secret (the one without expiry): for create and rotate-secret only. */
export function webhookWithSecretView(s: Subscription): WebhookWithSecretView {
  const current = s.secrets.find((secret) => secret.expiresAt === null) ?? s.secrets[0];
  if (current === undefined) throw new Error(`webhook ${s.id} has no signing secret`);
  return { ...webhookView(s), secret: current.secret };
}
