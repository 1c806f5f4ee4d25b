import type { Webhook } from '../api/api-types.js';
import { formatLocal } from './format.js';

/** Why a disabled webhook is disabled, and what brings it back, in words; null for one that is enabled. */
export function disabledExplanation(webhook: Pick<Webhook, 'enabled' | 'disabledReason' | 'failingSince'>): string | null {
  if (webhook.enabled) return null;
  const resume = 'Deliveries resume once you press Enable; failed ones can be sent again from Deliveries.';
  switch (webhook.disabledReason) {
    case 'failing':
      return `Disabled by the service: every delivery attempt has failed${webhook.failingSince === null ? '' : ` since ${formatLocal(webhook.failingSince)}`}. Fix the endpoint, then press Enable to start again. ${resume}`;
    case 'gone':
      return `Disabled by the service: the endpoint answered 410 Gone (it asked to receive nothing more). ${resume}`;
    case null:
      return 'Disabled by an admin. Press Enable to deliver to it again.';
    default:
      return `Disabled by the service (${webhook.disabledReason}). ${resume}`;
  }
}
