import type { ColumnTypes } from '../sql/json-rows.js';
import type { JsonObject, SuppressionReason, WebhookEvent } from '@webhooks/domain';
import type { JSONColumnType, Selectable } from 'kysely';

/** The `events` table: one webhook event, its payload as jsonb. */
export interface EventTable {
  id: string;
  project_id: string;
  activity_id: string;
  key: string;
  occurred_at: Date;
  payload: JSONColumnType<JsonObject>;
  suppressed: SuppressionReason | null;
}

/** A row of `events` as selected. */
export type EventRow = Selectable<EventTable>;

/** Maps a domain event to the values of its row. */
export const eventToRow = (e: WebhookEvent) => ({
  id: e.id,
  project_id: e.projectId,
  activity_id: e.activityId,
  key: e.key,
  occurred_at: e.occurredAt,
  payload: JSON.stringify(e.payload),
  suppressed: e.suppressed,
});

/** Maps a row back to the domain event. */
export const rowToEvent = (r: EventRow): WebhookEvent => ({
  id: r.id,
  projectId: r.project_id,
  activityId: r.activity_id,
  key: r.key,
  occurredAt: r.occurred_at,
  payload: r.payload,
  suppressed: r.suppressed,
});

/** The SQL type of each column, for batches sent as JSON (`jsonRows`). */
export const EVENT_TYPES: ColumnTypes<ReturnType<typeof eventToRow>> = { id: 'text', project_id: 'text', activity_id: 'text', key: 'text', occurred_at: 'timestamptz', payload: 'jsonb', suppressed: 'text' };
