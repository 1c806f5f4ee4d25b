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

/** Idempotency of reported activities. */
export interface ActivityStore {
  /** Inserts the record; false when one with the same (projectId, id) exists already. */
  insert(record: ActivityRecord): Promise<boolean>;
  /**
   * All or nothing, atomically (one statement in Postgres): inserts every record and everything
   * they produced — or, when any record's (projectId, id) is recorded already, nothing at all, and
   * answers false. A batch of activities is written this way without a transaction of its own.
   */
  recordAll(records: readonly ActivityRecord[], produced: ProducedRecords): Promise<boolean>;
  find(projectId: string, id: string): Promise<ActivityRecord | null>;
  /** The records of these ids of one project that exist, in no particular order. */
  findMany(projectId: string, ids: readonly string[]): Promise<readonly ActivityRecord[]>;
}
