import { wakeWorkers } from './wake-workers.js';
import type { Delivery } from '../model/delivery.js';
import type { Result } from '../model/result.js';
import { notFound, ok } from '../model/result.js';
import type { Clock } from '../ports/clock.port.js';
import type { Page, PageRequest } from '../ports/cursor.js';
import type { WorkSignal } from '../ports/delivery-queue.port.js';
import type { DeliveryDetail, DeliveryFilter, Storage } from '../ports/stores.port.js';

/** The API admin's view of deliveries: list, read, resend one, resend every failure since a time. */
export class DeliveryLog {
  constructor(private readonly deps: { readonly storage: Storage; readonly clock: Clock; readonly signal: WorkSignal }) {}

  /** Deliveries of the project, newest first, filtered. */
  async list(projectId: string, filter: DeliveryFilter, page: PageRequest): Promise<Page<Delivery>> {
    return this.deps.storage.deliveries.list(projectId, filter, page);
  }

  /** One delivery with its event and every attempt. */
  async get(projectId: string, id: string): Promise<Result<DeliveryDetail>> {
    const found = await this.deps.storage.deliveries.get(projectId, id);
    return found ? ok(found) : notFound('delivery');
  }

  /** Queues a delivery again, due now, with a new round of attempts. */
  async resend(projectId: string, id: string): Promise<Result<DeliveryDetail>> {
    const found = await this.deps.storage.deliveries.get(projectId, id);
    if (!found) return notFound('delivery');
    if (!(await this.deps.storage.subscriptions.get(projectId, found.delivery.subscriptionId))) return notFound('webhook');
    await this.deps.storage.deliveries.requeue(projectId, [id], this.deps.clock.now());
    await wakeWorkers(this.deps.signal);
    return this.get(projectId, id);
  }

  /** Queues again every failed delivery created since `since` (of one webhook, if given). */
  async resendFailed(projectId: string, input: { readonly since: Date; readonly webhookId?: string }): Promise<{ readonly queued: number }> {
    const ids = await this.deps.storage.deliveries.failedSince(projectId, input.since, input.webhookId);
    const queued = ids.length > 0 ? await this.deps.storage.deliveries.requeue(projectId, ids, this.deps.clock.now()) : 0;
    if (queued > 0) await wakeWorkers(this.deps.signal);
    return { queued };
  }
}
