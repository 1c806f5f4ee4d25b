import type { ResendRefusal, ResendRefusalReason } from '../delivery/resend-refusal.js';
import { resendRefusal } from '../delivery/resend-refusal.js';
import type { Delivery } from '../model/delivery.js';
import type { Result } from '../model/result.js';
import { conflict, notFound, ok } from '../model/result.js';
import type { Subscription } from '../model/subscription.js';
import type { Clock } from '../ports/clock.port.js';
import type { Page, PageRequest } from '../ports/cursor.js';
import type { DeliveryCounts, DeliveryDetail, DeliveryFilter, FailedFilter, WebhookHealth } from '../ports/delivery-store.port.js';
import type { Storage } from '../ports/storage.port.js';

/** What a bulk resend did: how many it queued, and how many it skipped, by reason. */
export interface BulkResend {
  /** A dry run queues nothing: `queued` is then how many it would queue. */
  readonly dryRun: boolean;
  readonly queued: number;
  readonly skipped: number;
  /** Only the reasons met; their counts add up to `skipped`. */
  readonly skippedByReason: Readonly<Partial<Record<ResendRefusalReason, number>>>;
  /**
   * The `resentAt` of every delivery this resend queued (one time for all its pages): the log's
   * `resentAt` filter finds them, and `counts` follows them to their outcome. Null on a dry run.
   */
  readonly resentAt: Date | null;
}

/** A delivery of the log with its event, its attempts, and whether the resend rules would refuse to resend it now. */
export interface LoggedDelivery extends DeliveryDetail {
  /** Why a resend would be refused (`resendRefusal`, the rule `resend` applies); null when it may be resent. */
  readonly resendRefusal: ResendRefusal | null;
}

/** Failed deliveries read (and requeued) at a time by a bulk resend. */
export const RESEND_PAGE_SIZE = 2_000;

/** The API admin's view of deliveries: list, count, read, resend one, resend every failure the filters match. */
export class DeliveryLog {
  constructor(private readonly deps: { readonly storage: Storage; readonly clock: Clock }) {}

  /** Deliveries of the project, newest first, filtered. */
  async list(projectId: string, filter: DeliveryFilter, page: PageRequest): Promise<Page<Delivery>> {
    return this.deps.storage.deliveries.list(projectId, filter, page);
  }

  /** The deliveries matching the log's filters, counted by status now (a bulk resend's progress, with `resentAt`). */
  async counts(projectId: string, filter: DeliveryFilter): Promise<DeliveryCounts> {
    return this.deps.storage.deliveries.counts(projectId, filter);
  }

  /**
   * A page of the log, each delivery with whether the resend rules would refuse it now: the
   * webhooks read once each, beside the events' suppressions read in one call.
   */
  async listWithRefusals(projectId: string, filter: DeliveryFilter, page: PageRequest): Promise<Page<{ readonly delivery: Delivery; readonly resendRefusal: ResendRefusal | null }>> {
    const found = await this.deps.storage.deliveries.list(projectId, filter, page);
    const webhookOf = this.webhookReader(projectId);
    const [suppressed, webhooks] = await Promise.all([
      this.deps.storage.deliveries.eventSuppressions(projectId, found.items.map((d) => d.eventId)),
      Promise.all(found.items.map((d) => webhookOf(d.subscriptionId))),
    ]);
    const items = found.items.map((delivery, i) => ({
      delivery,
      resendRefusal: resendRefusal({ delivery, eventSuppressed: suppressed.get(delivery.eventId) ?? null, subscription: webhooks[i] ?? null }),
    }));
    return { items, nextCursor: found.nextCursor };
  }

  /** Reads a webhook of the project by id, each at most once however often it is asked for. */
  private webhookReader(projectId: string): (id: string) => Promise<Subscription | null> {
    const read = new Map<string, Promise<Subscription | null>>();
    return (id) => {
      const known = read.get(id) ?? this.deps.storage.subscriptions.get(projectId, id);
      read.set(id, known);
      return known;
    };
  }

  /** Each webhook's deliveries created since `since`, counted (only the webhooks that had one). */
  async health(projectId: string, since: Date): Promise<readonly WebhookHealth[]> {
    return this.deps.storage.deliveries.healthSince(projectId, since);
  }

  /** One delivery with its event, every attempt, and whether it may be resent. */
  async get(projectId: string, id: string): Promise<Result<LoggedDelivery>> {
    const found = await this.deps.storage.deliveries.get(projectId, id);
    if (!found) return notFound('delivery');
    return ok({ ...found, resendRefusal: await this.refusalOf(projectId, found) });
  }

  /** The resend rules applied to a delivery as it is now (its webhook read now). */
  private async refusalOf(projectId: string, found: DeliveryDetail): Promise<ResendRefusal | null> {
    const subscription = await this.deps.storage.subscriptions.get(projectId, found.delivery.subscriptionId);
    return resendRefusal({ delivery: found.delivery, eventSuppressed: found.event.suppressed, subscription });
  }

  /**
   * Queues a delivery again, due now, with a new round of attempts — unless the resend rules
   * (`resendRefusal`) refuse it: then a conflict naming the reason, and nothing is queued.
   */
  async resend(projectId: string, id: string): Promise<Result<LoggedDelivery>> {
    const found = await this.deps.storage.deliveries.get(projectId, id);
    if (!found) return notFound('delivery');
    const refusal = await this.refusalOf(projectId, found);
    // The detail names no id: the caller knows which delivery it asked for (problems carry no ids).
    if (refusal) return conflict(`this delivery cannot be resent: ${refusal.message}`, { reason: refusal.reason });
    await this.deps.storage.deliveries.requeue(projectId, [id], this.deps.clock.now());
    return this.get(projectId, id);
  }

  /**
   * Queues again every failed delivery the filter matches (the log's filters; without
   * `createdFrom`, however old) that the resend rules allow, and counts the others
   * by reason; a dry run only counts. Every delivery queued is resent at the same time (`resentAt`
   * of the answer), so the resend can be followed. Any number: the failures are read and requeued
   * {@link RESEND_PAGE_SIZE} at a time, so memory and statements stay bounded.
   */
  async resendFailed(projectId: string, input: FailedFilter & { readonly dryRun?: boolean }): Promise<BulkResend> {
    const now = this.deps.clock.now();
    const { dryRun = false, ...filter } = input;
    const subscriptionOf = this.webhookReader(projectId);
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
      if (dryRun) queued += resendable.length;
      else if (resendable.length > 0) queued += await this.deps.storage.deliveries.requeue(projectId, resendable, now);
      cursor = page.nextCursor;
    } while (cursor !== null);
    const skipped = Object.values(skippedByReason).reduce((sum, n) => sum + n, 0);
    return { dryRun, queued, skipped, skippedByReason, resentAt: dryRun ? null : now };
  }
}
