import type { Delivery } from '../model/delivery.js';
import type { SuppressionReason, WebhookEvent } from '../model/event.js';
import type { Subscription } from '../model/subscription.js';

/** What planning deliveries needs besides the event and the subscriptions. */
export interface DeliveryPlanContext {
  /** Whether the project has an active API admin now. */
  readonly hasApiAdmin: boolean;
  readonly now: Date;
  /** Makes the next `dlv_…` id. */
  readonly nextId: () => string;
}

/**
 * One delivery per subscription to the event's key, in the given order. It is `suppressed`
 * with the first reason that applies — the event's own, `subscription_disabled`,
 * `no_api_admin` — and otherwise `pending`, due now, with no attempt made.
 * Subscriptions to other keys are skipped; one of another project is a bug and throws.
 */
export function planDeliveries(
  event: WebhookEvent,
  subscriptions: readonly Subscription[],
  ctx: DeliveryPlanContext,
): Delivery[] {
  return subscriptions
    .filter((subscription) => subscription.eventKey === event.key)
    .map((subscription) => {
      if (subscription.projectId !== event.projectId) {
        throw new Error(`subscription ${subscription.id} is not of project ${event.projectId}`);
      }
      const reason = suppressionReason(event, subscription, ctx.hasApiAdmin);
      return {
        id: ctx.nextId(),
        projectId: event.projectId,
        eventId: event.id,
        subscriptionId: subscription.id,
        eventKey: event.key,
        status: reason === null ? 'pending' : 'suppressed',
        attemptCount: 0,
        resentAt: null,
        nextAttemptAt: reason === null ? ctx.now : null,
        suppressedReason: reason,
        lastError: null,
        createdAt: ctx.now,
        updatedAt: ctx.now,
      };
    });
}

function suppressionReason(event: WebhookEvent, subscription: Subscription, hasApiAdmin: boolean): SuppressionReason | null {
  if (event.suppressed !== null) {
    return event.suppressed;
  }
  if (!subscription.enabled) {
    return 'subscription_disabled';
  }
  return hasApiAdmin ? null : 'no_api_admin';
}
