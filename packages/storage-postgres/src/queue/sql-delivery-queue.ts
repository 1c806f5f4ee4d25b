import { INTERACTION_RECORD_TYPES, withoutText } from '@webhooks/domain';
import type { ClaimedDelivery, Clock, DeliveryOutcome, DeliveryQueue, DeliveryStatus, JsonObject, PruneCounts, QueueStats, RetentionPolicy, SuppressionReason } from '@webhooks/domain';
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Database } from '../database.js';
import { jsonRows } from '../sql/json-rows.js';
import { isUnavailable, translated } from '../sql/unavailable.js';
import { notifyWork } from '../sql/work-channel.js';
import { ATTEMPT_TYPES, attemptToRow } from '../tables/attempt.table.js';
import { secretsFromJson } from '../tables/subscription.table.js';

/** What `claimDue` is asked for. */
export interface ClaimRequest {
  readonly limit: number;
  readonly leaseMs: number;
  readonly workerId: string;
}

/** The state a delivery takes after an outcome, as one row of the batch update. */
interface NextState extends Record<string, unknown> {
  id: string;
  status: DeliveryStatus;
  /** Due again this long after the database's now; null when final. */
  next_in_ms: number | null;
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
      return { ...base, status: next.kind, next_in_ms: null };
    case 'suppressed':
      return { ...base, status: 'suppressed', next_in_ms: null, suppressed_reason: next.reason };
    case 'retry':
    case 'held':
      return { ...base, status: 'pending', next_in_ms: next.delayMs };
  }
}

/** What an outcome says of its webhook: its endpoint's health, and whether it answered 410 (none for a held or suppressed one). */
function webhookVerdict(outcome: DeliveryOutcome): { delivery_id: string; subscription_id: string; up: boolean | null; disable_after_ms: number | null; disabled_reason: string | null }[] {
  const { endpoint, disableSubscription } = outcome;
  if (!endpoint && !disableSubscription) return [];
  return [
    {
      delivery_id: outcome.deliveryId,
      subscription_id: (endpoint?.subscriptionId ?? disableSubscription?.subscriptionId) as string,
      up: endpoint ? endpoint.up : null,
      disable_after_ms: endpoint && !endpoint.up ? endpoint.disableAfterMs : null,
      disabled_reason: disableSubscription?.reason ?? null,
    },
  ];
}

/** `time` plus `ms` milliseconds, in SQL. */
const plusMs = (time: RawBuilder<Date>, ms: number): RawBuilder<Date> => sql<Date>`${time} + ${ms}::double precision * interval '1 millisecond'`;

/** Options of {@link SqlDeliveryQueue}. */
export interface SqlDeliveryQueueOptions {
  /**
   * Replaces the database's clock (`now()`) in every comparison and every time the queue sets:
   * for tests only (the storage contract moves time by hand). Unset, the database keeps time.
   */
  readonly clock?: Clock;
}

/**
 * The delivery queue over the `deliveries` table. Claims take a lease with one
 * `UPDATE … WHERE id IN (SELECT … FOR UPDATE SKIP LOCKED)`, so parallel workers never wait for
 * each other nor claim the same row; a lease that lapses (a worker died) makes the row claimable
 * again; completions count only for rows the worker still holds. Every due time and lease is
 * compared and set by the database's clock (`now()`), so workers whose clocks disagree agree here.
 */
export class SqlDeliveryQueue implements DeliveryQueue {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly options: SqlDeliveryQueueOptions = {},
  ) {}

  /** The database's now (the transaction's start), or the test clock's. */
  private now(): RawBuilder<Date> {
    return this.options.clock ? sql<Date>`${this.options.clock.now()}::timestamptz` : sql<Date>`now()`;
  }

  /** The claim statement (exposed so tests can EXPLAIN it). */
  claimQuery({ limit, leaseMs, workerId }: ClaimRequest) {
    const now = this.now();
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
          .set({ locked_by: workerId, locked_until: plusMs(now, leaseMs) })
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

  /**
   * Writes the batch in one transaction. If the database refuses it for any reason but being out
   * of reach (one outcome's text it cannot keep, say), the outcomes are written one by one, and
   * one still refused is written without its text (`withoutText`): one outcome never holds back
   * the others, and no delivery is sent again for want of a record.
   */
  async complete(workerId: string, outcomes: readonly DeliveryOutcome[]): Promise<void> {
    const latest = [...new Map(outcomes.map((o) => [o.deliveryId, o])).values()];
    if (latest.length === 0) return;
    try {
      await this.completeBatch(workerId, latest);
    } catch (error) {
      if (isUnavailable(error)) throw translated(error);
      for (const outcome of latest) {
        await this.completeBatch(workerId, [outcome]).catch(async (alone: unknown) => {
          if (isUnavailable(alone)) throw translated(alone);
          await this.completeBatch(workerId, [withoutText(outcome)]);
        });
      }
    }
  }

  /**
   * One statement: the batch UPDATE of the deliveries still leased to `workerId`, and — for those
   * it updated only — the INSERT of their attempts and one UPDATE of their webhooks (endpoint
   * health, and disabling a webhook that answered 410). Each batch travels as one JSON parameter;
   * no BEGIN/COMMIT round trips: a statement is atomic on its own.
   */
  private async completeBatch(workerId: string, latest: readonly DeliveryOutcome[]): Promise<void> {
    const states = jsonRows(latest.map(nextState), {
      id: 'text',
      status: 'text',
      next_in_ms: 'double precision',
      suppressed_reason: 'text',
      last_error: 'text',
      updated_at: 'timestamptz',
    });
    const attempts = latest.flatMap((o) => (o.attempt === null ? [] : [attemptToRow(o.attempt)]));
    const webhooks = latest.flatMap(webhookVerdict);
    const now = this.now();
    const insertAttempts =
      attempts.length === 0
        ? sql``
        : sql`, attempted as (
            insert into attempts (${sql.join(Object.keys(ATTEMPT_TYPES).map((c) => sql.id(c)))})
            select * from (${jsonRows(attempts, ATTEMPT_TYPES)}) a where a.delivery_id in (select id from updated))`;
    // Per webhook, over the outcomes of this batch the UPDATE owned: a success (any) clears the
    // failing period, otherwise one starts at now (or runs on), and a webhook still enabled whose
    // period has lasted `disable_after_ms` is disabled as `failing`; a 410 disables it as `gone`.
    const since = sql<Date>`coalesce(s.failing_since, ${now})`;
    const failingTooLong = sql<boolean>`(not w.up and s.enabled and ${since} <= ${now} - w.disable_after_ms * interval '1 millisecond')`;
    const updateWebhooks =
      webhooks.length === 0
        ? sql``
        : sql`, verdicts as (
            select v.subscription_id as id, bool_or(v.up) as up, max(v.disable_after_ms) as disable_after_ms, max(v.disabled_reason) as disabled_reason
            from (${jsonRows(webhooks, { delivery_id: 'text', subscription_id: 'text', up: 'boolean', disable_after_ms: 'double precision', disabled_reason: 'text' })}) v
            where v.delivery_id in (select id from updated)
            group by v.subscription_id),
          webhooks as (
            update subscriptions s set
              failing_since = case when w.up is null then s.failing_since when w.up then null else ${since} end,
              enabled = case when w.disabled_reason is not null or ${failingTooLong} then false else s.enabled end,
              disabled_reason = case when w.disabled_reason is not null then w.disabled_reason when ${failingTooLong} then 'failing' else s.disabled_reason end
            from verdicts w where s.id = w.id)`;
    await sql`
      with updated as (
        update deliveries d set
          status = v.status,
          next_attempt_at = ${now} + v.next_in_ms * interval '1 millisecond',
          attempt_count = d.attempt_count + 1,
          locked_by = null,
          locked_until = null,
          suppressed_reason = coalesce(v.suppressed_reason, d.suppressed_reason),
          last_error = v.last_error,
          updated_at = coalesce(v.updated_at, d.updated_at)
        from (${states}) v
        where d.id = v.id and d.locked_by = ${workerId}
        returning d.id)${insertAttempts}${updateWebhooks}
      select count(*) from updated`.execute(this.db);
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

  /** One UPDATE of the leases `workerId` still holds, to `leaseMs` from the database's now, answering the ids it moved. */
  async extend(workerId: string, deliveryIds: readonly string[], leaseMs: number): Promise<readonly string[]> {
    if (deliveryIds.length === 0) return [];
    const rows = await this.db
      .updateTable('deliveries')
      .set({ locked_until: plusMs(this.now(), leaseMs) })
      .where('id', '=', sql<string>`any(${[...new Set(deliveryIds)]}::text[])`)
      .where('locked_by', '=', workerId)
      .where('status', '=', 'pending')
      .returning('id')
      .execute();
    return rows.map((r) => r.id);
  }

  /** Milliseconds from the database's now until a pending delivery can next be claimed: its due time, or the end of its lease if later. */
  async nextDueInMs(): Promise<number | null> {
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
    const row = await this.db
      .selectNoFrom(sql<number | null>`extract(epoch from least((${unleased}), (${leased})) - ${this.now()}) * 1000`.as('ms'))
      .executeTakeFirstOrThrow();
    return row.ms === null ? null : Math.round(Number(row.ms));
  }

  async pendingCount(): Promise<number> {
    const row = await this.db
      .selectFrom('deliveries')
      .select(sql<number>`count(*)::int`.as('n'))
      .where('status', '=', sql.lit('pending'))
      .executeTakeFirstOrThrow();
    return row.n;
  }

  /** One pass over the pending deliveries (the pending index), by the database's clock: counts, the oldest due one's age, the webhooks in retry. */
  async stats(): Promise<QueueStats> {
    const now = this.now();
    const row = await this.db
      .selectFrom('deliveries')
      .select([
        sql<number>`count(*)::int`.as('pending'),
        sql<number>`(count(*) filter (where next_attempt_at <= ${now}))::int`.as('due'),
        sql<number | null>`extract(epoch from ${now} - min(next_attempt_at) filter (where next_attempt_at <= ${now})) * 1000`.as('oldest_due_age_ms'),
        sql<number>`(count(distinct subscription_id) filter (where attempt_count > 0))::int`.as('retrying'),
      ])
      .where('status', '=', sql.lit('pending'))
      .executeTakeFirstOrThrow();
    const age = row.oldest_due_age_ms === null ? null : Number(row.oldest_due_age_ms);
    return { pending: row.pending, due: row.due, oldestDueAgeMs: age, retryingWebhooks: row.retrying };
  }

  /** Retention: one statement per kind, each of at most `batchSize` rows (the oldest first, rows locked by others skipped). */
  async prune(policy: RetentionPolicy, batchSize: number): Promise<PruneCounts> {
    return {
      succeeded: await this.pruneDeliveries('succeeded', policy.succeededMs, batchSize),
      failed: await this.pruneDeliveries('failed', policy.failedMs, batchSize),
      suppressed: await this.pruneDeliveries('suppressed', policy.suppressedMs, batchSize),
      activities: await this.pruneActivities(false, policy.activityMs, batchSize),
      interactions: await this.pruneActivities(true, policy.interactionMs, batchSize),
    };
  }

  /** One statement: up to `batchSize` deliveries of `status` last updated more than `keepMs` ago, their attempts (cascade), and the events they leave without a delivery. */
  private async pruneDeliveries(status: 'succeeded' | 'failed' | 'suppressed', keepMs: number, batchSize: number): Promise<number> {
    const row = await this.db
      .with('doomed', (db) =>
        db
          .selectFrom('deliveries')
          .select(['id', 'event_id'])
          // A literal, not a parameter, so the planner matches the partial index of the status.
          .where('status', '=', sql.lit(status))
          .where('updated_at', '<', plusMs(this.now(), -keepMs))
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

  /** One statement: up to `batchSize` activity records (interactions' or reports') received more than `keepMs` ago. */
  private async pruneActivities(interactions: boolean, keepMs: number, batchSize: number): Promise<number> {
    const types = [...INTERACTION_RECORD_TYPES];
    const result = await this.db
      .with('doomed', (db) =>
        db
          .selectFrom('activities')
          .select(['project_id', 'id'])
          .where('received_at', '<', plusMs(this.now(), -keepMs))
          .where('type', interactions ? 'in' : 'not in', types)
          .orderBy('received_at')
          .limit(batchSize)
          .forUpdate()
          .skipLocked(),
      )
      .deleteFrom('activities')
      .using('doomed')
      .whereRef('activities.project_id', '=', 'doomed.project_id')
      .whereRef('activities.id', '=', 'doomed.id')
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}
