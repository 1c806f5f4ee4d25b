import type { Generated, JSONColumnType } from 'kysely';
import type { JsonObject } from '@webhooks/domain';
import type { ColumnTypes } from '../sql/json-rows.js';

/** An event waiting to be handed to one live session (`live_events`). */
export interface LiveEventTable {
  /** int8 as a number (the parsers of both drivers). */
  seq: Generated<number>;
  session_id: string;
  event_id: string;
  event_key: string;
  occurred_at: Date;
  payload: JSONColumnType<JsonObject>;
}

/** A row of `live_events` as a batch insert sends it (payload as JSON text). */
export interface LiveEventRow {
  readonly session_id: string;
  readonly event_id: string;
  readonly event_key: string;
  readonly occurred_at: Date;
  readonly payload: string;
}

/** The SQL types of a {@link LiveEventRow}, for `json_to_recordset`. */
export const LIVE_EVENT_TYPES: ColumnTypes<LiveEventRow> = { session_id: 'text', event_id: 'text', event_key: 'text', occurred_at: 'timestamptz', payload: 'jsonb' };
