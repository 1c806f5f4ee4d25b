import type { ClaimedDelivery, DeliveryOutcome, DeliveryQueue, DeliveryStatus, JsonObject, QueueStats, SuppressionReason } from '@webhooks/domain';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../database.js';
import { insertRows, jsonTable } from '../sql/json-rows.js';
import { notifyWork } from '../sql/work-channel.js';
import { ATTEMPT_TYPES, attemptToRow } from '../tables/attempt.table.js';
import { secretsFromJson } from '../tables/subscription.table.js';

/** What `claimDue` is asked for. */
export interface ClaimRequest {
  readonly now: Date;
  readonly limit: number;
  readonly leaseMs: number;
  readonly workerId: string;
}

/** The state a delivery takes after an outcome, as one row of the batch update. */
interface NextState extends Record<string, unknown> {
  id: string;
  status: DeliveryStatus;
  next_at: Date | null;
  suppressed_reason: SuppressionReason | null;
  last_error: string | null;
  updated_at: Date | null;
}

/** The row an outcome writes to its delivery. */
function nextState(outcome: DeliveryOutcome): NextState {
  const base = { id: outcome.deliveryId, last_error: outcome.lastError, updated_at: outcome.attempt?.attemptedAt ?? null, suppressed_reason: null };
  const next = outcome.next;
  switch (next.kind) {
    case 'succeeded':
    case 'failed':
      return { ...base, status: next.kind, next_at: null };
    case 'suppressed':
      return { ...base, status: 'suppressed', next_at: null, suppressed_reason: next.reason };
    case 'retry':
    case 'held':
      return { ...base, status: 'pending', next_at: next.at };
  }
}

/**
 * The delivery queue over the `deliveries` table. Claims take a lease with one
 * `UPDATE … WHERE id IN (SELECT … FOR UPDATE SKIP LOCKED)`, so parallel workers never wait for
 * each other nor claim the same row; a lease that lapses (a worker died) makes the row claimable
 * again; completions count only for rows the worker still holds.
 */
export class SqlDeliveryQueue implements DeliveryQueue {
  constructor(private readonly db: Kysely<Database>) {}

  /** The claim statement (exposed so tests can EXPLAIN it). */
  claimQuery({ now, limit, leaseMs, workerId }: ClaimRequest) {
    const due = this.db
      .selectFrom('deliveries')
      .select('id')
      // A literal, not a parameter, so the planner matches the partial index's predicate.
      .where('status', '=', sql.lit('pending'))
      .where('next_attempt_at', '<=', now)
      .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<', now)]))
      .orderBy('next_attempt_at')
      .limit(limit)
      .forUpdate()
      .skipLocked();
    return this.db
      .with('claimed', (db) =>
        db
          .updateTable('deliveries')
          .set({ locked_by: workerId, locked_until: new Date(now.getTime() + leaseMs) })
          .where('id', 'in', due)
          .returning(['id', 'project_id', 'subscription_id', 'event_id', 'event_key', 'attempt_count', 'created_at', 'next_attempt_at']),
      )
      .selectFrom('claimed as c')
      .innerJoin('events as e', 'e.id', 'c.event_id')
      .leftJoin('subscriptions as s', 's.id', 'c.subscription_id')
      .select(['c.id', 'c.project_id', 'c.subscription_id', 'c.event_id', 'c.event_key', 'c.attempt_count', 'c.created_at', 'e.payload'])
      .select(['s.url', 's.enabled', 's.secrets', 's.timeout_ms'])
      .orderBy('c.next_attempt_at');
  }

  async claimDue(request: ClaimRequest): Promise<readonly ClaimedDelivery[]> {
    if (request.limit <= 0) return [];
    const rows = await this.claimQuery(request).execute();
    // Serialised once per event: the exact bytes that are signed and sent.
    const bodies = new Map<string, string>();
    const bodyOf = (eventId: string, payload: JsonObject): string => {
      let body = bodies.get(eventId);
      if (body === undefined) bodies.set(eventId, (body = JSON.stringify(payload)));
      return body;
    };
    return rows.map((r) => ({
      deliveryId: r.id,
      projectId: r.project_id,
      subscriptionId: r.subscription_id,
      eventId: r.event_id,
      eventKey: r.event_key,
      // A webhook deleted meanwhile reads as disabled: the worker suppresses the delivery.
      url: r.url ?? '',
      subscriptionEnabled: r.enabled ?? false,
      secrets: r.secrets === null ? [] : secretsFromJson(r.secrets),
      timeoutMs: r.timeout_ms ?? 0,
      body: bodyOf(r.event_id, r.payload),
      attemptCount: r.attempt_count,
      createdAt: r.created_at,
    }));
  }

  /** One transaction: one batch UPDATE of the deliveries still leased to `workerId`, one INSERT of their attempts (each batch one JSON parameter), one UPDATE of disabled webhooks. */
  async complete(workerId: string, outcomes: readonly DeliveryOutcome[]): Promise<void> {
    const latest = [...new Map(outcomes.map((o) => [o.deliveryId, o])).values()];
    if (latest.length === 0) return;
    await this.db.transaction().execute(async (trx) => {
      const updated = await trx
        .updateTable('deliveries as d')
        .from(
          jsonTable(latest.map(nextState), 'v', {
            id: 'text',
            status: 'text',
            next_at: 'timestamptz',
            suppressed_reason: 'text',
            last_error: 'text',
            updated_at: 'timestamptz',
          }),
        )
        .set((eb) => ({
          status: eb.ref('v.status'),
          next_attempt_at: eb.ref('v.next_at'),
          attempt_count: eb('d.attempt_count', '+', 1),
          locked_by: null,
          locked_until: null,
          suppressed_reason: eb.fn.coalesce('v.suppressed_reason', 'd.suppressed_reason'),
          last_error: eb.ref('v.last_error'),
          updated_at: eb.fn.coalesce('v.updated_at', 'd.updated_at'),
        }))
        .whereRef('d.id', '=', 'v.id')
        .where('d.locked_by', '=', workerId)
        .returning('d.id')
        .execute();
      const owned = new Set(updated.map((row) => row.id));
      const mine = latest.filter((o) => owned.has(o.deliveryId));
      const attempts = mine.flatMap((o) => (o.attempt === null ? [] : [attemptToRow(o.attempt)]));
      if (attempts.length > 0) await insertRows(trx, 'attempts', attempts, ATTEMPT_TYPES).execute();
      const disabled = mine.flatMap((o) => (o.disableSubscription ? [{ id: o.disableSubscription.subscriptionId, reason: o.disableSubscription.reason }] : []));
      if (disabled.length > 0) {
        await trx
          .updateTable('subscriptions as s')
          .from(jsonTable(disabled, 'v', { id: 'text', reason: 'text' }))
          .set((eb) => ({ enabled: false, disabled_reason: eb.ref('v.reason') }))
          .whereRef('s.id', '=', 'v.id')
          .execute();
      }
    });
  }

  async release(workerId: string, deliveryIds: readonly string[]): Promise<void> {
    if (deliveryIds.length === 0) return;
    const result = await this.db
      .updateTable('deliveries')
      .set({ locked_by: null, locked_until: null })
      .where('id', 'in', [...deliveryIds])
      .where('locked_by', '=', workerId)
      .executeTakeFirst();
    if (result.numUpdatedRows > 0n) await notifyWork(this.db);
  }

  /** One UPDATE of the leases `workerId` still holds, answering the ids it moved. */
  async extend(workerId: string, deliveryIds: readonly string[], until: Date): Promise<readonly string[]> {
    if (deliveryIds.length === 0) return [];
    const rows = await this.db
      .updateTable('deliveries')
      .set({ locked_until: until })
      .where('id', '=', sql<string>`any(${[...new Set(deliveryIds)]}::text[])`)
      .where('locked_by', '=', workerId)
      .where('status', '=', 'pending')
      .returning('id')
      .execute();
    return rows.map((r) => r.id);
  }

  /** When a pending delivery can next be claimed: its due time, or the end of its lease if later. */
  async nextDueAt(): Promise<Date | null> {
    // The earliest unleased due time (first entry of the pending index), and the earliest end of
    // a lease (few rows, the leased index); LEAST ignores a null.
    const unleased = this.db
      .selectFrom('deliveries')
      .select('next_attempt_at')
      .where('status', '=', sql.lit('pending'))
      .where('locked_until', 'is', null)
      .orderBy('next_attempt_at')
      .limit(1);
    const leased = this.db
      .selectFrom('deliveries')
      .select((eb) => eb.fn.min(sql<Date>`greatest(next_attempt_at, locked_until)`).as('at'))
      .where('locked_until', 'is not', null)
      .where('status', '=', sql.lit('pending'));
    const row = await this.db.selectNoFrom(sql<Date | null>`least((${unleased}), (${leased}))`.as('at')).executeTakeFirstOrThrow();
    return row.at;
  }

  async pendingCount(): Promise<number> {
    const row = await this.db
      .selectFrom('deliveries')
      .select(sql<number>`count(*)::int`.as('n'))
      .where('status', '=', sql.lit('pending'))
      .executeTakeFirstOrThrow();
    return row.n;
  }

  /** One pass over the pending deliveries (the pending index): counts, the oldest due time, the webhooks in retry. */
  async stats(now: Date): Promise<QueueStats> {
    const row = await this.db
      .selectFrom('deliveries')
      .select([
        sql<number>`count(*)::int`.as('pending'),
        sql<number>`(count(*) filter (where next_attempt_at <= ${now}))::int`.as('due'),
        sql<Date | null>`min(next_attempt_at) filter (where next_attempt_at <= ${now})`.as('oldest_due_at'),
        sql<number>`(count(distinct subscription_id) filter (where attempt_count > 0))::int`.as('retrying'),
      ])
      .where('status', '=', sql.lit('pending'))
      .executeTakeFirstOrThrow();
    return { pending: row.pending, due: row.due, oldestDueAt: row.oldest_due_at, retryingWebhooks: row.retrying };
  }

  /** Deletes in batches of `batchSize`, one statement each (attempts go by cascade, then events left without deliveries). */
  async pruneSucceeded(before: Date, batchSize: number): Promise<number> {
    let total = 0;
    for (;;) {
      const n = await this.pruneBatch(before, batchSize);
      total += n;
      if (n < batchSize) return total;
    }
  }

  private async pruneBatch(before: Date, batchSize: number): Promise<number> {
    const row = await this.db
      .with('doomed', (db) =>
        db
          .selectFrom('deliveries')
          .select(['id', 'event_id'])
          .where('status', '=', sql.lit('succeeded'))
          .where('updated_at', '<', before)
          .orderBy('updated_at')
          .limit(batchSize)
          .forUpdate()
          .skipLocked(),
      )
      .with('gone', (db) =>
        db
          .deleteFrom('deliveries')
          .where('id', 'in', (eb) => eb.selectFrom('doomed').select('id'))
          .returning('event_id'),
      )
      .with('orphans', (db) =>
        db
          .deleteFrom('events')
          .where('id', 'in', (eb) => eb.selectFrom('gone').select('event_id'))
          // The statement still sees the rows it deletes: other deliveries are those not doomed.
          .where((eb) =>
            eb.not(
              eb.exists(
                eb
                  .selectFrom('deliveries as x')
                  .select(sql.lit(1).as('one'))
                  .whereRef('x.event_id', '=', 'events.id')
                  .where('x.id', 'not in', eb.selectFrom('doomed').select('doomed.id')),
              ),
            ),
          )
          .returning('id'),
      )
      .selectFrom('gone')
      .select(sql<number>`count(*)::int`.as('n'))
      .executeTakeFirstOrThrow();
    return row.n;
  }
}
