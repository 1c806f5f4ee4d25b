import type { JsonObject } from '../model/json.js';
import type { SuppressionReason } from '../model/event.js';

/**
 * An event an activity (or form interaction) fires, before it gets an id and an envelope:
 * its concrete key, whom it is about, its own payload fields, and why it is not sent, if so.
 */
export interface PlannedEvent {
  readonly key: string;
  /** One user, or one per applicant for group events. */
  readonly userInfo: JsonObject | readonly JsonObject[];
  /** The payload fields beyond `user_info` and `meta_info`, as the catalog names them. */
  readonly extras: JsonObject;
  /** For group events split in pages: which page of how many. */
  readonly page?: { readonly number: number; readonly of: number };
  /** Why the event is recorded but not sent, or null. */
  readonly suppressed: SuppressionReason | null;
}
