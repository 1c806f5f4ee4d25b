import type { ActivityRecord, ActivityStore, ProducedRecords } from './activity-store.port.js';
import type { Stores } from './storage.port.js';
import type { UserStateStore } from './user-state-store.port.js';

/** Writing activity records: what the ActivityRecording implementations need, never the use cases. */
export interface ActivityRecordStore extends ActivityStore {
  /** Inserts the record; false when one with the same (projectId, id) exists already. */
  insert(record: ActivityRecord): Promise<boolean>;
  /**
   * All or nothing, atomically (one statement in Postgres): inserts every record and everything
   * they produced — or, when any record's (projectId, id) is recorded already, nothing at all, and
   * answers false. A batch of activities is written this way without a transaction of its own.
   */
  recordAll(records: readonly ActivityRecord[], produced: ProducedRecords): Promise<boolean>;
}

/** Completion state with the hold the ActivityRecording implementations take on users. */
export interface LockingUserStateStore extends UserStateStore {
  /**
   * Inside a transaction: waits until no other transaction holds any of these users, then holds
   * them until this one ends, so read-modify-write of completion state never interleaves.
   */
  lock(projectId: string, userIds: readonly string[]): Promise<void>;
}

/** The stores as the ActivityRecording implementations see them (a transaction, or autocommit). */
export interface RecordingStores extends Stores {
  readonly activities: ActivityRecordStore;
  readonly users: LockingUserStateStore;
}

/**
 * The storage a storage adapter provides: the use cases' `Storage` (which it is assignable to), and
 * what recording activities once needs besides. The apps bind it as `TOKENS.Storage`; only the ActivityRecording
 * implementations use the wider type.
 */
export interface RecordingStorage extends RecordingStores {
  /** As `Storage.transaction`, its stores seen as RecordingStores. */
  transaction<T>(work: (tx: RecordingStores) => Promise<T>): Promise<T>;
  /** As `Storage.ping`. */
  ping(): Promise<boolean>;
}
