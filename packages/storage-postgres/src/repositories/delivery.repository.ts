import { applicantShapes } from '@webhooks/domain';
import type {
  Attempt,
  Delivery,
  DeliveryCounts,
  DeliveryDetail,
  DeliveryFilter,
  DeliveryStore,
  FailedFilter,
  Page,
  PageRequest,
  ResendCandidate,
  SuppressionReason,
  WebhookEvent,
  WebhookHealth,
} from '@webhooks/domain';
import { sql, type Expression, type ExpressionBuilder, type Kysely, type SqlBool } from 'kysely';
import type { Database } from '../database.js';
import { allOrNothing } from '../sql/all-or-nothing.js';
import { insertRows } from '../sql/json-rows.js';
import { oneSnapshot } from '../sql/one-snapshot.js';
import { decodeCursor, encodeCursor } from '../sql/page-cursor.js';
import { notifyWork } from '../sql/work-channel.js';
import { ATTEMPT_TYPES, attemptToRow, rowToAttempt } from '../tables/attempt.table.js';
import { DELIVERY_COLUMNS, DELIVERY_TYPES, deliveryToRow, rowToDelivery } from '../tables/delivery.table.js';
import { EVENT_TYPES, eventToRow, rowToEvent } from '../tables/event.table.js';

/** Events, deliveries and attempts in Postgres, for the use cases and the delivery log. */
export class DeliveryRepository implements DeliveryStore {
  constructor(private readonly db: Kysely<Database>) {}

  async insertEvents(events: readonly WebhookEvent[]): Promise<void> {
    if (events.length === 0) return;
    await insertRows(this.db, 'events', events.map(eventToRow), EVENT_TYPES).execute();
  }

  /** One statement for the batch (rows sent as JSON); pending ones wake the workers (on commit). */
  async insertDeliveries(deliveries: readonly Delivery[]): Promise<void> {
    if (deliveries.length === 0) return;
    const wake = deliveries.some((d) => d.status === 'pending');
    await allOrNothing(this.db, wake ? 2 : 1, async (db) => {
      await insertRows(db, 'deliveries', deliveries.map(deliveryToRow), DELIVERY_TYPES).execute();
      if (wake) await notifyWork(db);
    });
  }

  async insertAttempts(attempts: readonly Attempt[]): Promise<void> {
    if (attempts.length === 0) return;
    await insertRows(this.db, 'attempts', attempts.map(attemptToRow), ATTEMPT_TYPES).execute();
  }

  /** The delivery, its event and its attempts as of one moment (one snapshot, see `oneSnapshot`). */
  async get(projectId: string, id: string): Promise<DeliveryDetail | null> {
    return oneSnapshot(this.db, async (db) => {
      const delivery = await db
        .selectFrom('deliveries')
        .select(DELIVERY_COLUMNS)
        .where('project_id', '=', projectId)
        .where('id', '=', id)
        .executeTakeFirst();
      if (!delivery) return null;
      const event = await db.selectFrom('events').selectAll().where('id', '=', delivery.event_id).executeTakeFirstOrThrow();
      const attempts = await db.selectFrom('attempts').selectAll().where('delivery_id', '=', id).orderBy('attempted_at').orderBy('id').execute();
      return { delivery: rowToDelivery(delivery), event: rowToEvent(event), attempts: attempts.map(rowToAttempt) };
    });
  }

  async list(projectId: string, filter: DeliveryFilter, page: PageRequest): Promise<Page<Delivery>> {
    const rows = await this.listQuery(projectId, filter, page).execute();
    const items = rows.slice(0, page.limit).map(rowToDelivery);
    const last = items.at(-1);
    return { items, nextCursor: rows.length > page.limit && last ? encodeCursor(last) : null };
  }

  /** The statement `list` runs (one row more than the page, to know whether another follows); its plan is tested. */
  listQuery(projectId: string, filter: DeliveryFilter, page: PageRequest) {
    const before = page.cursor === undefined ? null : decodeCursor(page.cursor);
    let query = this.db.selectFrom('deliveries').select(DELIVERY_COLUMNS).where(inLog(projectId, filter));
    if (before !== null) query = query.where((eb) => eb(eb.refTuple('created_at', 'id'), '<', eb.tuple(before.createdAt, before.id)));
    return query
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(page.limit + 1);
  }

  /** One statement grouped by status, under the log's filters (with `resentAt`, on the partial index of resent deliveries). */
  async counts(projectId: string, filter: DeliveryFilter): Promise<DeliveryCounts> {
    const rows = await this.countsQuery(projectId, filter).execute();
    const counts = { pending: 0, succeeded: 0, failed: 0, suppressed: 0, total: 0 };
    for (const row of rows) {
      counts[row.status] += row.n;
      counts.total += row.n;
    }
    return counts;
  }

  /** The statement `counts` runs; its plan is tested. */
  countsQuery(projectId: string, filter: DeliveryFilter) {
    return this.db
      .selectFrom('deliveries')
      .select(['status', sql<number>`count(*)::int`.as('n')])
      .where(inLog(projectId, filter))
      .groupBy('status');
  }

  /**
   * A new round, resent at `at`: pending, due at `at`, no attempts counted, no lease (a worker
   * still sending loses its completion). The ids travel as one array parameter: one statement for any number of them.
   */
  async requeue(projectId: string, ids: readonly string[], at: Date): Promise<number> {
    if (ids.length === 0) return 0;
    return allOrNothing(this.db, 2, async (db) => {
      const result = await db
        .updateTable('deliveries')
        .set({ status: 'pending', next_attempt_at: at, attempt_count: 0, locked_by: null, locked_until: null, suppressed_reason: null, resent_at: at, updated_at: at })
        .where('project_id', '=', projectId)
        .where('id', '=', sql<string>`any(${[...ids]}::text[])`)
        .executeTakeFirst();
      const count = Number(result.numUpdatedRows);
      if (count > 0) await notifyWork(db);
      return count;
    });
  }

  /** Newest first on the log's index (project, created_at desc, id desc), keyset-paged, with the event's suppression; the log's filters. */
  async failedSince(projectId: string, filter: FailedFilter, page: PageRequest): Promise<Page<ResendCandidate>> {
    const before = page.cursor === undefined ? null : decodeCursor(page.cursor);
    let query = this.db
      .selectFrom('deliveries')
      .select(DELIVERY_COLUMNS)
      .select((eb) => eb.selectFrom('events as ev').select('ev.suppressed').whereRef('ev.id', '=', 'deliveries.event_id').as('event_suppressed'))
      .where(inLog(projectId, { ...filter, status: 'failed' }));
    if (before !== null) query = query.where((eb) => eb(eb.refTuple('created_at', 'id'), '<', eb.tuple(before.createdAt, before.id)));
    const rows = await query
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(page.limit + 1)
      .execute();
    const items = rows.slice(0, page.limit).map(({ event_suppressed, ...row }) => ({ delivery: rowToDelivery(row), eventSuppressed: event_suppressed ?? null }));
    const last = items.at(-1)?.delivery;
    return { items, nextCursor: rows.length > page.limit && last ? encodeCursor(last) : null };
  }

  /** The ids travel as one array parameter: one statement for any number of them. */
  async eventSuppressions(projectId: string, eventIds: readonly string[]): Promise<ReadonlyMap<string, SuppressionReason | null>> {
    if (eventIds.length === 0) return new Map();
    const rows = await this.db
      .selectFrom('events')
      .select(['id', 'suppressed'])
      .where('project_id', '=', projectId)
      .where('id', '=', sql<string>`any(${[...new Set(eventIds)]}::text[])`)
      .execute();
    return new Map(rows.map((r) => [r.id, r.suppressed]));
  }

  /**
   * One statement, grouped by webhook, on the log's index (project, created_at desc): each
   * delivery counts by its status; a succeeded one's attempts but the last failed, all of the others'.
   */
  async healthSince(projectId: string, since: Date): Promise<readonly WebhookHealth[]> {
    const failedBefore = sql<number>`greatest(attempt_count - 1, 0)`;
    const succeeded = sql<boolean>`status = 'succeeded'`;
    const rows = await this.db
      .selectFrom('deliveries')
      .select([
        'subscription_id',
        sql<number>`count(*) filter (where ${succeeded})::int`.as('succeeded'),
        sql<number>`count(*) filter (where status = 'failed')::int`.as('failed'),
        sql<number>`count(*) filter (where status = 'pending')::int`.as('pending'),
        sql<number>`coalesce(sum(case when ${succeeded} then ${failedBefore} else attempt_count end), 0)::int`.as('failed_attempts'),
        sql<number>`coalesce(sum(${failedBefore}) filter (where ${succeeded}), 0)::int`.as('failed_before_success'),
        sql<number>`count(*) filter (where ${succeeded} and attempt_count > 1)::int`.as('succeeded_after_retry'),
      ])
      .where('project_id', '=', projectId)
      .where('created_at', '>=', since)
      .where('status', '!=', 'suppressed')
      .groupBy('subscription_id')
      .orderBy(sql`subscription_id collate "C"`)
      .execute();
    return rows.map((r) => ({
      subscriptionId: r.subscription_id,
      succeeded: r.succeeded,
      failed: r.failed,
      pending: r.pending,
      failedAttempts: r.failed_attempts,
      failedBeforeSuccess: r.failed_before_success,
      succeededAfterRetry: r.succeeded_after_retry,
    }));
  }
}

/** The log's filters (`DeliveryFilter`) as one condition on `deliveries`: every filter given must hold. */
function inLog(projectId: string, filter: DeliveryFilter) {
  return (eb: ExpressionBuilder<Database, 'deliveries'>): Expression<SqlBool> => {
    const all: Expression<SqlBool>[] = [eb('deliveries.project_id', '=', projectId)];
    if (filter.subscriptionId !== undefined) all.push(eb('deliveries.subscription_id', '=', filter.subscriptionId));
    if (filter.eventKey !== undefined) all.push(eb('deliveries.event_key', '=', filter.eventKey));
    if (filter.status !== undefined) all.push(eb('deliveries.status', '=', filter.status));
    if (filter.createdFrom !== undefined) all.push(eb('deliveries.created_at', '>=', filter.createdFrom));
    if (filter.createdBefore !== undefined) all.push(eb('deliveries.created_at', '<', filter.createdBefore));
    if (filter.eventId !== undefined) all.push(eb('deliveries.event_id', '=', filter.eventId));
    if (filter.resentAt !== undefined) all.push(eb('deliveries.resent_at', '=', filter.resentAt));
    const { applicant, responseClass } = filter;
    if (applicant !== undefined) {
      // `concernsApplicant`: one user (object) or a group's users (array) of one of the shapes. One
      // `@>` per shape (OR-ed, not `@> any(…)`), so the GIN index on `payload->'user_info'` answers it.
      const shapes = applicantShapes(applicant).flatMap((shape) => [JSON.stringify(shape), JSON.stringify([shape])]);
      all.push(
        eb(
          'deliveries.event_id',
          'in',
          eb
            .selectFrom('events as e')
            .select('e.id')
            .where('e.project_id', '=', projectId)
            .where((inner) => inner.or(shapes.map((shape) => inner(sql`e.payload -> 'user_info'`, '@>', sql`${shape}::jsonb`)))),
        ),
      );
    }
    if (responseClass !== undefined) {
      // `responseClassOf`: the status code's hundred, or no status code on an attempt that was sent (not held).
      const attempts = eb.selectFrom('attempts as a').select(sql`1`.as('one')).whereRef('a.delivery_id', '=', 'deliveries.id');
      const hundred = Number(responseClass.charAt(0));
      all.push(
        eb.exists(
          responseClass === 'none'
            ? attempts.where('a.status_code', 'is', null).where((inner) => inner.or([inner('a.error_class', 'is', null), inner('a.error_class', '!=', 'held')]))
            : attempts.where('a.status_code', '>=', hundred * 100).where('a.status_code', '<', hundred * 100 + 100),
        ),
      );
    }
    return eb.and(all);
  };
}
