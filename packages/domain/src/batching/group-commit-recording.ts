import type { ActivityRecording, Recorded, Recording } from '../ports/activity-recording.port.js';
import type { Clock } from '../ports/clock.port.js';
import type { RecordingStorage } from '../ports/recording-storage.port.js';
import type { GroupCommitOptions } from './group-commit.js';
import { DEFAULT_BATCHING, GroupCommit } from './group-commit.js';
import { onceOnlyBatch } from './once-only-batch.js';

/**
 * ActivityRecording by group commit: recordings that arrive while earlier ones are being written
 * go together as one batch (`onceOnlyBatch`: configuration read once, one atomic write), and each
 * caller gets its own answer once its batch is durable. A lone recording waits for nothing.
 */
export class GroupCommitRecording implements ActivityRecording {
  private readonly batches: GroupCommit<Recording<unknown>, Recorded<unknown>>;

  constructor(deps: { readonly storage: RecordingStorage; readonly clock: Clock; readonly batching?: GroupCommitOptions }) {
    this.batches = new GroupCommit((items) => onceOnlyBatch(deps.storage, () => deps.clock.now(), items), deps.batching ?? DEFAULT_BATCHING);
  }

  record<T>(recording: Recording<T>): Promise<Recorded<T>> {
    return this.batches.submit(recording) as Promise<Recorded<T>>;
  }
}
