import type { ActivityRecording, Recorded, Recording } from '../ports/activity-recording.port.js';
import type { ActivityRecord } from '../ports/activity-store.port.js';
import type { Clock } from '../ports/clock.port.js';
import type { RecordingStorage } from '../ports/recording-storage.port.js';
import type { Json } from '../model/json.js';
import { earlierAnswer } from '../input/earlier-answer.js';

/** Thrown inside the transaction when another request recorded the id first (it rolls back). */
class RecordedMeanwhile extends Error {}

/**
 * ActivityRecording one activity at a time, each in a transaction of its own: the earlier record
 * is looked up, the users are held, the activity produces its writes, and its record is inserted —
 * or, if a concurrent request recorded the id meanwhile, everything rolls back and that record
 * answers.
 */
export class TransactionalRecording implements ActivityRecording {
  constructor(private readonly deps: { readonly storage: RecordingStorage; readonly clock: Clock }) {}

  async record<T>(recording: Recording<T>): Promise<Recorded<T>> {
    if (!recording.checkedBefore) {
      const earlier = await this.deps.storage.activities.find(recording.projectId, recording.id);
      if (earlier) return earlierAnswer(earlier, recording.fingerprint);
    }
    try {
      return await this.deps.storage.transaction(async (tx): Promise<Recorded<T>> => {
        await tx.users.lock(recording.projectId, recording.users);
        const project = recording.project ?? (await tx.projects.get(recording.projectId));
        if (!project) return { kind: 'no_project' };
        const value = await recording.produce(tx, project);
        const record: ActivityRecord = {
          projectId: recording.projectId,
          id: recording.id,
          type: recording.type,
          receivedAt: this.deps.clock.now(),
          result: JSON.parse(JSON.stringify(value)) as Json,
          fingerprint: recording.fingerprint,
        };
        if (!(await tx.activities.insert(record))) throw new RecordedMeanwhile();
        return { kind: 'recorded', value };
      });
    } catch (error) {
      if (!(error instanceof RecordedMeanwhile)) throw error;
      const earlier = await this.deps.storage.activities.find(recording.projectId, recording.id);
      if (!earlier) throw new Error(`activity ${recording.id} was recorded meanwhile but cannot be found`, { cause: error });
      return earlierAnswer(earlier, recording.fingerprint);
    }
  }
}
