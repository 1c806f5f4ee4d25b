import type { Page, PageRequest, Subscription, SubscriptionStore } from '@webhooks/domain';
import type { Kysely } from 'kysely';
import type { Database } from '../database.js';
import { decodeCursor, encodeCursor } from '../sql/page-cursor.js';
import { rowToSubscription, subscriptionToRow } from '../tables/subscription.table.js';

/** Webhooks in Postgres, listed in creation order (created_at, then id). */
export class SubscriptionRepository implements SubscriptionStore {
  constructor(private readonly db: Kysely<Database>) {}

  async insert(subscription: Subscription): Promise<void> {
    await this.db.insertInto('subscriptions').values(subscriptionToRow(subscription)).execute();
  }

  async update(subscription: Subscription): Promise<void> {
    const { id: _id, project_id: _project, created_at: _created, ...changes } = subscriptionToRow(subscription);
    await this.db.updateTable('subscriptions').set(changes).where('project_id', '=', subscription.projectId).where('id', '=', subscription.id).execute();
  }

  /** Deletes the webhook; its pending deliveries become suppressed (`subscription_disabled`) and stay in the log. */
  async delete(projectId: string, id: string): Promise<boolean> {
    const deleted = await this.db
      .with('gone', (db) => db.deleteFrom('subscriptions').where('project_id', '=', projectId).where('id', '=', id).returning('id'))
      .with('stopped', (db) =>
        db
          .updateTable('deliveries')
          .set({ status: 'suppressed', suppressed_reason: 'subscription_disabled', next_attempt_at: null, locked_by: null, locked_until: null })
          .where('subscription_id', 'in', (eb) => eb.selectFrom('gone').select('id'))
          .where('status', '=', 'pending'),
      )
      .selectFrom('gone')
      .select('id')
      .execute();
    return deleted.length > 0;
  }

  async get(projectId: string, id: string): Promise<Subscription | null> {
    const row = await this.db.selectFrom('subscriptions').selectAll().where('project_id', '=', projectId).where('id', '=', id).executeTakeFirst();
    return row ? rowToSubscription(row) : null;
  }

  async findByUrl(projectId: string, url: string): Promise<Subscription | null> {
    const row = await this.db.selectFrom('subscriptions').selectAll().where('project_id', '=', projectId).where('url', '=', url).executeTakeFirst();
    return row ? rowToSubscription(row) : null;
  }

  async list(projectId: string, page: PageRequest): Promise<Page<Subscription>> {
    const after = page.cursor === undefined ? null : decodeCursor(page.cursor);
    let query = this.db.selectFrom('subscriptions').selectAll().where('project_id', '=', projectId);
    if (after !== null) query = query.where((eb) => eb(eb.refTuple('created_at', 'id'), '>', eb.tuple(after.createdAt, after.id)));
    const rows = await query.orderBy('created_at').orderBy('id').limit(page.limit + 1).execute();
    const items = rows.slice(0, page.limit).map(rowToSubscription);
    const last = items.at(-1);
    return { items, nextCursor: rows.length > page.limit && last ? encodeCursor(last) : null };
  }

  async listForEvents(projectId: string, eventKeys: readonly string[]): Promise<readonly Subscription[]> {
    if (eventKeys.length === 0) return [];
    const rows = await this.db
      .selectFrom('subscriptions')
      .selectAll()
      .where('project_id', '=', projectId)
      .where('event_key', 'in', [...eventKeys])
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    return rows.map(rowToSubscription);
  }
}
