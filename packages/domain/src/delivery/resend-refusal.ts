import { parseEventKey } from '../catalog/event-key.js';
import type { Delivery } from '../model/delivery.js';
import type { SuppressionReason } from '../model/event.js';
import type { Subscription } from '../model/subscription.js';

/** Why a delivery cannot be resent: the problem's `reason`, and the bulk resend's skip counts. */
export type ResendRefusalReason =
  | 'interactive_call'
  | 'api_origin'
  | 'remember_me'
  | 'family_only'
  | 'no_subscription'
  | 'webhook_deleted'
  | 'webhook_disabled';

/** A refused resend: its reason, and a sentence saying why and what to do. */
export interface ResendRefusal {
  readonly reason: ResendRefusalReason;
  readonly message: string;
}

/** What deciding a resend needs to know. */
export interface ResendCase {
  readonly delivery: Pick<Delivery, 'eventKey' | 'suppressedReason'>;
  /** Why the delivery's event was suppressed as a whole, if it was. */
  readonly eventSuppressed: SuppressionReason | null;
  /** The delivery's webhook as it is now; null once deleted. */
  readonly subscription: Pick<Subscription, 'enabled' | 'disabledReason'> | null;
}

/** The suppression reasons that forbid a resend (they are refusal reasons of the same name). */
type NeverSent = Extract<SuppressionReason, ResendRefusalReason>;

/**
 * Suppression reasons that say the rules decided the event must never fire (resending it would
 * send what the seed forbids), each with its explanation. The other reasons — `no_api_admin`,
 * `subscription_disabled` — say nobody could receive it then; those are resendable once the
 * webhook is enabled (an API admin exists: the one asking).
 */
const NEVER_SENT: Readonly<Record<NeverSent, string>> = {
  api_origin: 'its activity came from the API, and API activity fires no webhook',
  remember_me: 'the login used "remember me", which fires no login_success',
  family_only: 'child_complete fires in family systems only',
  no_subscription: 'no webhook subscribed to its event',
};

/**
 * Whether a delivery may be resent, and if not why (null: it may). In this order: a record of an
 * interactive call is not a delivery; what the rules suppressed (API origin, remember me, family
 * only — on the delivery or on its whole event) is never sent; a deleted webhook's delivery goes
 * nowhere (create a new webhook); a disabled webhook's waits until it is enabled again. Anything
 * else — failed, succeeded, pending, or held for want of an API admin — may be sent again.
 */
export function resendRefusal({ delivery, eventSuppressed, subscription }: ResendCase): ResendRefusal | null {
  const parsed = parseEventKey(delivery.eventKey, null);
  if (parsed.kind === 'ok' && parsed.type.mode === 'interactive') {
    return {
      reason: 'interactive_call',
      message: `${delivery.eventKey} is an interactive event: this is the record of a call answered while the user waited, not a delivery, and it cannot be resent`,
    };
  }
  const forbidden = [eventSuppressed, delivery.suppressedReason].find(isNeverSent);
  if (forbidden !== undefined) return { reason: forbidden, message: `${NEVER_SENT[forbidden]}: it was never to be sent, and cannot be resent` };
  if (subscription === null) {
    return {
      reason: 'webhook_deleted',
      message: `its webhook was deleted: create a new webhook for ${delivery.eventKey} (deliveries of a deleted webhook are not moved to it)`,
    };
  }
  if (!subscription.enabled) {
    const why = subscription.disabledReason === null ? '' : ` (${subscription.disabledReason})`;
    return {
      reason: 'webhook_disabled',
      message: `its webhook is disabled${why}: enable it again (PATCH the delivery's webhookId with "enabled": true), then resend`,
    };
  }
  return null;
}

function isNeverSent(reason: SuppressionReason | null): reason is NeverSent {
  return reason !== null && Object.hasOwn(NEVER_SENT, reason);
}
