import type { Attempt, Delivery, LoggedDelivery, ResendRefusal } from '@webhooks/domain';
import { isTestEvent } from '@webhooks/domain';
import type { AttemptView, DeliveryDetailView, DeliveryView, ResendabilityView } from '../schemas/delivery.schema.js';
import { iso } from './iso.js';

function deliveryFields(d: Delivery) {
  return {
    id: d.id,
    webhookId: d.subscriptionId,
    event: d.eventKey,
    eventId: d.eventId,
    status: d.status,
    nextAttemptAt: iso(d.nextAttemptAt),
    suppressedReason: d.suppressedReason,
    lastError: d.lastError,
    resentAt: iso(d.resentAt),
    createdAt: iso(d.createdAt),
    updatedAt: iso(d.updatedAt),
  };
}

/** A delivery in the log: `attempts` counts the current round; `resend` whether the rules allow one now. */
export function deliveryView(d: Delivery, refusal: ResendRefusal | null): DeliveryView {
  return { ...deliveryFields(d), attempts: d.attemptCount, resend: resendabilityView(refusal) };
}

/** One attempt as answered. */
export function attemptView(a: Attempt): AttemptView {
  return {
    id: a.id,
    attemptedAt: iso(a.attemptedAt),
    durationMs: a.durationMs,
    statusCode: a.statusCode,
    responseBody: a.responseBody,
    errorClass: a.errorClass,
    errorMessage: a.errorMessage,
    succeeded: a.succeeded,
    request: a.request ?? null,
    responseHeaders: a.responseHeaders ?? null,
  };
}

/** Whether a resend would be accepted, and if not why (the 409's `reason` and `detail`). */
function resendabilityView(refusal: ResendRefusal | null): ResendabilityView {
  return refusal === null ? { allowed: true, reason: null, detail: null } : { allowed: false, reason: refusal.reason, detail: refusal.message };
}

/** A delivery with the payload sent, every attempt, and whether it may be resent. */
export function deliveryDetailView(detail: LoggedDelivery): DeliveryDetailView {
  return {
    ...deliveryFields(detail.delivery),
    payload: detail.event.payload,
    test: isTestEvent(detail.event),
    attempts: detail.attempts.map(attemptView),
    resend: resendabilityView(detail.resendRefusal),
  };
}
