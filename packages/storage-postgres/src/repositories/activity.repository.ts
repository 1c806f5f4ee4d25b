import type { ActivityRecord, ActivityRecordStore, ProducedRecords } from '@webhooks/domain';
import { sql, type Kysely, type QueryCreator } from 'kysely';
import type { Database } from '../database.js';
import { insertRows } from '../sql/json-rows.js';
import { WORK_CHANNEL } from '../sql/work-channel.js';
import { ATTEMPT_TYPES, attemptToRow } from '../tables/attempt.table.js';
import { DELIVERY_TYPES, deliveryToRow } from '../tables/delivery.table.js';
import { EVENT_TYPES, eventToRow } from '../tables/event.table.js';
import { upsertUserStates } from './user-state.repository.js';
import { userStateToRow } from '../tables/user-state.table.js';
import { ACTIVITY_TYPES, activityToRow, rowToActivity } from '../tables/activity.table.js';

/** The CTEs' query creator, seen as the plain database's (they name only real tables). */
type Creator = QueryCreator<Database>;

/** Reported activities in Postgres: the primary key (project_id, id) makes a repeat a no-op. */
export class ActivityRepository implements ActivityRecordStore {
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
   * One statement, whatever the size of the batch: the activities inserted in a CTE without
   * `on conflict` (a repeat raises a unique violation and the statement, atomic, keeps nothing),
   * completion states upserted, events, deliveries and attempts inserted in CTEs of the same
   * statement (foreign keys are checked at its end), each list sent as one JSON parameter
   * (`jsonRows`), and `pg_notify` when a delivery is pending (delivered on commit).
   */
  async recordAll(records: readonly ActivityRecord[], produced: ProducedRecords): Promise<boolean> {
    if (records.length === 0) return true;
    try {
      let query = this.db.with('act', (db) => insertRows(db as unknown as Creator, 'activities', records.map(activityToRow), ACTIVITY_TYPES).returning('id'));
      if (produced.users.length > 0) query = query.with('us', (db) => upsertUserStates(db as unknown as Creator, produced.users.map(userStateToRow))) as unknown as typeof query;
      if (produced.events.length > 0) query = query.with('ev', (db) => insertRows(db as unknown as Creator, 'events', produced.events.map(eventToRow), EVENT_TYPES)) as unknown as typeof query;
      if (produced.deliveries.length > 0) {
        query = query.with('dl', (db) => insertRows(db as unknown as Creator, 'deliveries', produced.deliveries.map(deliveryToRow), DELIVERY_TYPES)) as unknown as typeof query;
      }
      if (produced.attempts.length > 0) {
        query = query.with('at', (db) => insertRows(db as unknown as Creator, 'attempts', produced.attempts.map(attemptToRow), ATTEMPT_TYPES)) as unknown as typeof query;
      }
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

/** A unique violation of `constraint` (Postgres and PGlite both report code 23505 and the constraint). */
function isUniqueViolation(error: unknown, constraint: string): boolean {
  const e = error as { code?: unknown; constraint?: unknown; message?: unknown } | null;
  return e?.code === '23505' && (e.constraint === constraint || (typeof e.message === 'string' && e.message.includes(`"${constraint}"`)));
}
