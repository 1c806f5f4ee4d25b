import type { ColumnTypes } from '../sql/json-rows.js';
import type { ActivityRecord, Json } from '@webhooks/domain';
import type { ColumnType, Selectable } from 'kysely';

/** The `activities` table: one row per reported activity id, with the answer given (jsonb). */
export interface ActivityTable {
  project_id: string;
  id: string;
  type: string;
  received_at: Date;
  result: ColumnType<Json, string, string>;
  /** The request's fingerprint; null on rows recorded before fingerprints. */
  fingerprint: string | null;
}

/** A row of `activities` as selected. */
export type ActivityRow = Selectable<ActivityTable>;

/** Maps an activity record to the values of its row. */
export const activityToRow = (a: ActivityRecord) => ({
  project_id: a.projectId,
  id: a.id,
  type: a.type,
  received_at: a.receivedAt,
  result: JSON.stringify(a.result),
  fingerprint: a.fingerprint ?? null,
});

/** Maps a row back to the activity record. */
export const rowToActivity = (r: ActivityRow): ActivityRecord => ({
  projectId: r.project_id,
  id: r.id,
  type: r.type,
  receivedAt: r.received_at,
  result: r.result,
  ...(r.fingerprint === null ? {} : { fingerprint: r.fingerprint }),
});

/** The SQL type of each column, for batches sent as JSON (`jsonRows`). */
export const ACTIVITY_TYPES: ColumnTypes<ReturnType<typeof activityToRow>> = { project_id: 'text', id: 'text', type: 'text', received_at: 'timestamptz', result: 'jsonb', fingerprint: 'text' };
