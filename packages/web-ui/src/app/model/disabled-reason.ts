import type { Webhook } from '../api/api-types.js';
import { formatLocal } from './format.js';

/** Why a disabled webhook is disabled, and what brings it back, in words; null for one that is enabled. */
export function disabledExplanation(webhook: Pick<Webhook, 'enabled' | 'disabledReason' | 'failingSince'>): string | null {
  if (webhook.enabled) return null;
  // What Enable does, and what it does not: the failed deliveries stay failed until resent.
  const resume =
    'Enable clears this and delivers new events again; it does not resend what failed: open Deliveries and use Resend failed… for those. ' +
    'Events that came while it was disabled were not sent (suppressed): resend them one by one from their delivery page if they still matter.';
  switch (webhook.disabledReason) {
    case 'failing':
      return `Disabled by the service: every delivery attempt has failed${webhook.failingSince === null ? '' : ` since ${formatLocal(webhook.failingSince)}`}. Fix the endpoint, then press Enable in this row to start again. ${resume}`;
    case 'gone':
      return `Disabled by the service: the endpoint answered 410 Gone (it asked to receive nothing more). If it wants events again, press Enable in this row. ${resume}`;
    case null:
      return 'Disabled by an admin. Press Enable to deliver to it again.';
    default:
      return `Disabled by the service (${webhook.disabledReason}). ${resume}`;
  }
}
