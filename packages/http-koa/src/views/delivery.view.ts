import type { Attempt, Delivery, DeliveryDetail } from '@webhooks/domain';
import { isTestEvent } from '@webhooks/domain';
import type { AttemptView, DeliveryDetailView, DeliveryView } from '../schemas/delivery.schema.js';
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
    createdAt: iso(d.createdAt),
    updatedAt: iso(d.updatedAt),
  };
}

/** A delivery in the log: `attempts` counts the current round. */
export function deliveryView(d: Delivery): DeliveryView {
  return { ...deliveryFields(d), attempts: d.attemptCount };
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

/** A delivery with the payload sent and every attempt. */
export function deliveryDetailView(detail: DeliveryDetail): DeliveryDetailView {
  return { ...deliveryFields(detail.delivery), payload: detail.event.payload, test: isTestEvent(detail.event), attempts: detail.attempts.map(attemptView) };
}
