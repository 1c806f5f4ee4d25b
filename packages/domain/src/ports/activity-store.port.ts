import type { UserState } from '../model/user-state.js';
import type { WebhookEvent } from '../model/event.js';
import type { Attempt, Delivery } from '../model/delivery.js';
import type { Json } from '../model/json.js';

/** What an activity (or form interaction) produced, kept so a repeat answers the same. */
export interface ActivityRecord {
  readonly projectId: string;
  readonly id: string;
  readonly type: string;
  readonly receivedAt: Date;
  /** The answer given the first time, returned again on a repeat. */
  readonly result: Json;
  /**
   * The fingerprint of the request (`activityFingerprint`, `interactionFingerprint`): a repeat with
   * another one is refused. Absent on records kept from before fingerprints, which answer any repeat.
   */
  readonly fingerprint?: string;
}

/** What activities produced: completion states, events, their deliveries, and the attempts already made (interactive calls). */
export interface ProducedRecords {
  readonly users: readonly UserState[];
  readonly events: readonly WebhookEvent[];
  readonly deliveries: readonly Delivery[];
  readonly attempts: readonly Attempt[];
}

/** The records of activities (and interactions) as the use cases read them; ActivityRecording writes them. */
export interface ActivityStore {
  find(projectId: string, id: string): Promise<ActivityRecord | null>;
  /** The records of these ids of one project that exist, in no particular order. */
  findMany(projectId: string, ids: readonly string[]): Promise<readonly ActivityRecord[]>;
}
