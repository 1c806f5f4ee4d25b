import type { ColumnTypes } from '../sql/json-rows.js';
import type { Attempt, ErrorClass } from '@webhooks/domain';
import type { Selectable } from 'kysely';

/** The `attempts` table: every try at a delivery (or interactive call), as logged. */
export interface AttemptTable {
  id: string;
  delivery_id: string;
  project_id: string;
  subscription_id: string;
  attempted_at: Date;
  duration_ms: number;
  status_code: number | null;
  response_body: string | null;
  error_class: ErrorClass | null;
  error_message: string | null;
  succeeded: boolean;
}

/** A row of `attempts` as selected. */
export type AttemptRow = Selectable<AttemptTable>;

/** Maps a domain attempt to its row. */
export const attemptToRow = (a: Attempt): AttemptRow => ({
  id: a.id,
  delivery_id: a.deliveryId,
  project_id: a.projectId,
  subscription_id: a.subscriptionId,
  attempted_at: a.attemptedAt,
  duration_ms: a.durationMs,
  status_code: a.statusCode,
  response_body: a.responseBody,
  error_class: a.errorClass,
  error_message: a.errorMessage,
  succeeded: a.succeeded,
});

/** Maps a row back to the domain attempt. */
export const rowToAttempt = (r: AttemptRow): Attempt => ({
  id: r.id,
  deliveryId: r.delivery_id,
  projectId: r.project_id,
  subscriptionId: r.subscription_id,
  attemptedAt: r.attempted_at,
  durationMs: r.duration_ms,
  statusCode: r.status_code,
  responseBody: r.response_body,
  errorClass: r.error_class,
  errorMessage: r.error_message,
  succeeded: r.succeeded,
});

/** The SQL type of each column, for batches sent as JSON (`jsonRows`). */
export const ATTEMPT_TYPES: ColumnTypes<AttemptRow> = {
  id: 'text',
  delivery_id: 'text',
  project_id: 'text',
  subscription_id: 'text',
  attempted_at: 'timestamptz',
  duration_ms: 'integer',
  status_code: 'integer',
  response_body: 'text',
  error_class: 'text',
  error_message: 'text',
  succeeded: 'boolean',
};
