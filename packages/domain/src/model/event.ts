import type { JsonObject } from './json.js';

/** Why an event, or one delivery of it, was not sent. Recorded, never silent. */
export type SuppressionReason =
  | 'api_origin'
  | 'remember_me'
  | 'no_api_admin'
  | 'family_only'
  | 'subscription_disabled'
  | 'no_subscription';

/** One webhook event: the payload every subscriber of its key receives, with a stable id. */
export interface WebhookEvent {
  /** `msg_…`: the `webhook-id` header, stable across attempts. */
  readonly id: string;
  readonly projectId: string;
  /** The platform's activity (or interaction) id that produced it. */
  readonly activityId: string;
  /** The concrete key, for example `form_submit_42`. */
  readonly key: string;
  readonly occurredAt: Date;
  readonly payload: JsonObject;
  /** Set when the whole event was suppressed. */
  readonly suppressed: SuppressionReason | null;
}
