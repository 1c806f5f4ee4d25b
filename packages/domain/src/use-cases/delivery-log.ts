import type { ResendRefusalReason } from '../delivery/resend-refusal.js';
import { resendRefusal } from '../delivery/resend-refusal.js';
import type { Delivery } from '../model/delivery.js';
import type { Result } from '../model/result.js';
import { conflict, notFound, ok } from '../model/result.js';
import type { Subscription } from '../model/subscription.js';
import type { Clock } from '../ports/clock.port.js';
import type { Page, PageRequest } from '../ports/cursor.js';
import type { DeliveryDetail, DeliveryFilter, WebhookHealth } from '../ports/delivery-store.port.js';
import type { Storage } from '../ports/storage.port.js';

/** What a bulk resend did: how many it queued, and how many it skipped, by reason. */
export interface BulkResend {
  readonly queued: number;
  readonly skipped: number;
  /** Only the reasons met; their counts add up to `skipped`. */
  readonly skippedByReason: Readonly<Partial<Record<ResendRefusalReason, number>>>;
}

/** Failed deliveries read (and requeued) at a time by a bulk resend. */
export const RESEND_PAGE_SIZE = 2_000;

/** The API admin's view of deliveries: list, read, resend one, resend every failure since a time. */
export class DeliveryLog {
  constructor(private readonly deps: { readonly storage: Storage; readonly clock: Clock }) {}

  /** Deliveries of the project, newest first, filtered. */
  async list(projectId: string, filter: DeliveryFilter, page: PageRequest): Promise<Page<Delivery>> {
    return this.deps.storage.deliveries.list(projectId, filter, page);
  }

  /** Each webhook's deliveries created since `since`, counted (only the webhooks that had one). */
  async health(projectId: string, since: Date): Promise<readonly WebhookHealth[]> {
    return this.deps.storage.deliveries.healthSince(projectId, since);
  }

  /** One delivery with its event and every attempt. */
  async get(projectId: string, id: string): Promise<Result<DeliveryDetail>> {
    const found = await this.deps.storage.deliveries.get(projectId, id);
    return found ? ok(found) : notFound('delivery');
  }

  /**
   * Queues a delivery again, due now, with a new round of attempts — unless the resend rules
   * (`resendRefusal`) refuse it: then a conflict naming the reason, and nothing is queued.
   */
  async resend(projectId: string, id: string): Promise<Result<DeliveryDetail>> {
    const found = await this.deps.storage.deliveries.get(projectId, id);
    if (!found) return notFound('delivery');
    const subscription = await this.deps.storage.subscriptions.get(projectId, found.delivery.subscriptionId);
    const refusal = resendRefusal({ delivery: found.delivery, eventSuppressed: found.event.suppressed, subscription });
    // The detail names no id: the caller knows which delivery it asked for (problems carry no ids).
    if (refusal) return conflict(`this delivery cannot be resent: ${refusal.message}`, { reason: refusal.reason });
    await this.deps.storage.deliveries.requeue(projectId, [id], this.deps.clock.now());
    return this.get(projectId, id);
  }

  /**
   * Queues again every failed delivery created since `since` (of one webhook, if given) that the
   * resend rules allow, and counts the others by reason. Any number: the failures are read and
   * requeued {@link RESEND_PAGE_SIZE} at a time, so memory and statements stay bounded.
   */
  async resendFailed(projectId: string, input: { readonly since: Date; readonly webhookId?: string }): Promise<BulkResend> {
    const now = this.deps.clock.now();
    const filter = { since: input.since, ...(input.webhookId === undefined ? {} : { subscriptionId: input.webhookId }) };
    const subscriptions = new Map<string, Promise<Subscription | null>>();
    const subscriptionOf = (id: string) => {
      const known = subscriptions.get(id) ?? this.deps.storage.subscriptions.get(projectId, id);
      subscriptions.set(id, known);
      return known;
    };
    let queued = 0;
    const skippedByReason: Partial<Record<ResendRefusalReason, number>> = {};
    let cursor: string | null = null;
    do {
      const page = await this.deps.storage.deliveries.failedSince(projectId, filter, { limit: RESEND_PAGE_SIZE, ...(cursor === null ? {} : { cursor }) });
      const resendable: string[] = [];
      for (const { delivery, eventSuppressed } of page.items) {
        const refusal = resendRefusal({ delivery, eventSuppressed, subscription: await subscriptionOf(delivery.subscriptionId) });
        if (refusal) skippedByReason[refusal.reason] = (skippedByReason[refusal.reason] ?? 0) + 1;
        else resendable.push(delivery.id);
      }
      if (resendable.length > 0) queued += await this.deps.storage.deliveries.requeue(projectId, resendable, now);
      cursor = page.nextCursor;
    } while (cursor !== null);
    const skipped = Object.values(skippedByReason).reduce((sum, n) => sum + n, 0);
    return { queued, skipped, skippedByReason };
  }
}
