import type { ActivityRecord, ActivityStore, ProducedRecords } from '@webhooks/domain';
import { sql, type Kysely, type QueryCreator } from 'kysely';
import type { Database } from '../database.js';
import { allOrNothing } from '../sql/all-or-nothing.js';
import { MAX_PARAMETERS, chunksFor } from '../sql/chunks.js';
import { WORK_CHANNEL } from '../sql/work-channel.js';
import { attemptToRow } from '../tables/attempt.table.js';
import { deliveryToRow } from '../tables/delivery.table.js';
import { eventToRow } from '../tables/event.table.js';
import { DeliveryRepository } from './delivery.repository.js';
import { UserStateRepository, upsertUserStates } from './user-state.repository.js';
import { userStateToRow } from '../tables/user-state.table.js';
import { activityToRow, rowToActivity } from '../tables/activity.table.js';

/** Reported activities in Postgres: the primary key (project_id, id) makes a repeat a no-op. */
export class ActivityRepository implements ActivityStore {
  constructor(private readonly db: Kysely<Database>) {}

  async insert(record: ActivityRecord): Promise<boolean> {
    const inserted = await this.db
      .insertInto('activities')
      .values(activityToRow(record))
      .onConflict((oc) => oc.columns(['project_id', 'id']).doNothing())
      .returning('id')
      .executeTakeFirst();
    return inserted !== undefined;
  }

  /**
   * One statement when it fits the parameter limit: the activities inserted in a CTE without
   * `on conflict` (a repeat raises a unique violation and the statement, atomic, keeps nothing),
   * completion states upserted, events, deliveries and attempts inserted in CTEs of the same
   * statement (foreign keys are checked at its end), and `pg_notify` when a delivery is pending
   * (delivered on commit). Larger sets go statement by statement in a transaction.
   */
  async recordAll(records: readonly ActivityRecord[], produced: ProducedRecords): Promise<boolean> {
    if (records.length === 0) return true;
    const rows = records.map(activityToRow);
    const users = produced.users.map(userStateToRow);
    const events = produced.events.map(eventToRow);
    const deliveries = produced.deliveries.map(deliveryToRow);
    const attempts = produced.attempts.map(attemptToRow);
    const parameters = [rows, users, events, deliveries, attempts].reduce((sum, list) => sum + list.length * Object.keys(list[0] ?? {}).length, 0);
    try {
      if (parameters > MAX_PARAMETERS) {
        await allOrNothing(this.db, 2, (db) => stepByStep(db, records, produced));
        return true;
      }
      let query = this.db.with('act', (db) => db.insertInto('activities').values(rows).returning('id'));
      if (users.length > 0) query = query.with('us', (db) => upsertUserStates(db as unknown as QueryCreator<Database>, users)) as unknown as typeof query;
      if (events.length > 0) query = query.with('ev', (db) => db.insertInto('events').values(events)) as unknown as typeof query;
      if (deliveries.length > 0) query = query.with('dl', (db) => db.insertInto('deliveries').values(deliveries)) as unknown as typeof query;
      if (attempts.length > 0) query = query.with('at', (db) => db.insertInto('attempts').values(attempts)) as unknown as typeof query;
      const counted = query.selectFrom('act').select((eb) => eb.fn.countAll<string>().as('inserted'));
      if (produced.deliveries.some((d) => d.status === 'pending')) await counted.select(sql<string>`pg_notify(${WORK_CHANNEL}, '')`.as('woke')).execute();
      else await counted.execute();
      return true;
    } catch (error) {
      if (isUniqueViolation(error, 'activities_pkey')) return false;
      throw error;
    }
  }

  async findMany(projectId: string, ids: readonly string[]): Promise<readonly ActivityRecord[]> {
    if (ids.length === 0) return [];
    const rows = await this.db
      .selectFrom('activities')
      .selectAll()
      .where('project_id', '=', projectId)
      .where('id', 'in', [...new Set(ids)])
      .execute();
    return rows.map(rowToActivity);
  }

  async find(projectId: string, id: string): Promise<ActivityRecord | null> {
    const row = await this.db.selectFrom('activities').selectAll().where('project_id', '=', projectId).where('id', '=', id).executeTakeFirst();
    return row ? rowToActivity(row) : null;
  }
}

/** The records and what they produced, statement by statement (the caller makes it one transaction). */
async function stepByStep(db: Kysely<Database>, records: readonly ActivityRecord[], produced: ProducedRecords): Promise<void> {
  for (const chunk of chunksFor(records.map(activityToRow))) await db.insertInto('activities').values(chunk).execute();
  await new UserStateRepository(db).save(produced.users);
  const deliveries = new DeliveryRepository(db);
  await deliveries.insertEvents(produced.events);
  await deliveries.insertDeliveries(produced.deliveries);
  await deliveries.insertAttempts(produced.attempts);
}

/** A unique violation of `constraint` (Postgres and PGlite both report code 23505 and the constraint). */
function isUniqueViolation(error: unknown, constraint: string): boolean {
  const e = error as { code?: unknown; constraint?: unknown; message?: unknown } | null;
  return e?.code === '23505' && (e.constraint === constraint || (typeof e.message === 'string' && e.message.includes(`"${constraint}"`)));
}
