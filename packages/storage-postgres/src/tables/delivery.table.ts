import type { ColumnTypes } from '../sql/json-rows.js';
import type { Delivery, DeliveryStatus, SuppressionReason } from '@webhooks/domain';
import type { Selectable } from 'kysely';

/** The `deliveries` table: one event to one subscription, with the queue's lease columns. */
export interface DeliveryTable {
  id: string;
  project_id: string;
  event_id: string;
  subscription_id: string;
  event_key: string;
  status: DeliveryStatus;
  attempt_count: number;
  next_attempt_at: Date | null;
  /** The worker holding the lease, or null. */
  locked_by: string | null;
  /** When the lease ends; a claim after that takes the delivery over. */
  locked_until: Date | null;
  suppressed_reason: SuppressionReason | null;
  last_error: string | null;
  /** When a resend started the current round (`Delivery.resentAt`); null until one does. */
  resent_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

/** A row of `deliveries` as selected. */
export type DeliveryRow = Selectable<DeliveryTable>;

/** The columns that make a domain delivery (the lease is the queue's business). */
export const DELIVERY_COLUMNS = [
  'id',
  'project_id',
  'event_id',
  'subscription_id',
  'event_key',
  'status',
  'attempt_count',
  'next_attempt_at',
  'suppressed_reason',
  'last_error',
  'resent_at',
  'created_at',
  'updated_at',
] as const;

/** Maps a domain delivery to its row, without a lease. */
export const deliveryToRow = (d: Delivery): DeliveryRow => ({
  id: d.id,
  project_id: d.projectId,
  event_id: d.eventId,
  subscription_id: d.subscriptionId,
  event_key: d.eventKey,
  status: d.status,
  attempt_count: d.attemptCount,
  next_attempt_at: d.nextAttemptAt,
  locked_by: null,
  locked_until: null,
  suppressed_reason: d.suppressedReason,
  last_error: d.lastError,
  resent_at: d.resentAt,
  created_at: d.createdAt,
  updated_at: d.updatedAt,
});

/** Maps a row back to the domain delivery. */
export const rowToDelivery = (r: Omit<DeliveryRow, 'locked_by' | 'locked_until'>): Delivery => ({
  id: r.id,
  projectId: r.project_id,
  eventId: r.event_id,
  subscriptionId: r.subscription_id,
  eventKey: r.event_key,
  status: r.status,
  attemptCount: r.attempt_count,
  nextAttemptAt: r.next_attempt_at,
  suppressedReason: r.suppressed_reason,
  lastError: r.last_error,
  resentAt: r.resent_at,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

/** The SQL type of each column, for batches sent as JSON (`jsonRows`). */
export const DELIVERY_TYPES: ColumnTypes<DeliveryRow> = {
  id: 'text',
  project_id: 'text',
  event_id: 'text',
  subscription_id: 'text',
  event_key: 'text',
  status: 'text',
  attempt_count: 'integer',
  next_attempt_at: 'timestamptz',
  locked_by: 'text',
  locked_until: 'timestamptz',
  suppressed_reason: 'text',
  last_error: 'text',
  resent_at: 'timestamptz',
  created_at: 'timestamptz',
  updated_at: 'timestamptz',
};
