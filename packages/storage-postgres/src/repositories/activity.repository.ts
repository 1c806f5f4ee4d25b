import type { ActivityRecord, ActivityStore } from '@webhooks/domain';
import type { Kysely } from 'kysely';
import type { Database } from '../database.js';
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

  async find(projectId: string, id: string): Promise<ActivityRecord | null> {
    const row = await this.db.selectFrom('activities').selectAll().where('project_id', '=', projectId).where('id', '=', id).executeTakeFirst();
    return row ? rowToActivity(row) : null;
  }
}
