import type { ColumnTypes } from '../sql/json-rows.js';
import type { Attempt, ErrorClass } from '@webhooks/domain';
import type { JSONColumnType, Selectable } from 'kysely';

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
  /** The request as sent; null where nothing was sent or it was not kept. */
  request_url: string | null;
  request_headers: JSONColumnType<Record<string, string> | null, string | null, string | null>;
  request_body: string | null;
  response_headers: JSONColumnType<Record<string, string> | null, string | null, string | null>;
}

/** A row of `attempts` as selected. */
export type AttemptRow = Selectable<AttemptTable>;

/** A row of `attempts` as inserted: json columns hold JSON text (`jsonRows`). */
export type AttemptInsertRow = Omit<AttemptRow, 'request_headers' | 'response_headers'> & {
  request_headers: string | null;
  response_headers: string | null;
};

/** Maps a domain attempt to its row. */
export const attemptToRow = (a: Attempt): AttemptInsertRow => ({
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
  request_url: a.request?.url ?? null,
  request_headers: a.request ? JSON.stringify(a.request.headers) : null,
  request_body: a.request?.body ?? null,
  response_headers: a.responseHeaders ? JSON.stringify(a.responseHeaders) : null,
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
  ...(r.request_url === null || r.request_headers === null || r.request_body === null
    ? {}
    : { request: { url: r.request_url, headers: r.request_headers, body: r.request_body }, responseHeaders: r.response_headers }),
});

/** The SQL type of each column, for batches sent as JSON (`jsonRows`). */
export const ATTEMPT_TYPES: ColumnTypes<AttemptInsertRow> = {
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
  request_url: 'text',
  request_headers: 'jsonb',
  request_body: 'text',
  response_headers: 'jsonb',
};
