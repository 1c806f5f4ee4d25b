import { wakeWorkers } from './wake-workers.js';
import { assignOnAccountCreated, assignOnChildCreated } from '../completion/completion.js';
import { planActivityEvents } from '../dispatch/plan-activity-events.js';
import type { Activity } from '../model/activity.js';
import type { Project } from '../model/project.js';
import type { Result } from '../model/result.js';
import { notFound, ok } from '../model/result.js';
import type { Clock } from '../ports/clock.port.js';
import type { IdGenerator } from '../ports/id-generator.port.js';
import type { Storage, Stores } from '../ports/stores.port.js';
import type { WorkSignal } from '../ports/delivery-queue.port.js';
import type { EventSummary } from './record-events.js';
import { recordPlannedEvents } from './record-events.js';
import type { OnceOnly, OnceOnlyItem } from './once-only.js';
import { onceOnlyBatch } from './once-only.js';
import type { GroupCommitOptions } from './group-commit.js';
import { DEFAULT_BATCHING, GroupCommit } from './group-commit.js';


/** What the platform is told about a reported activity (the same again on a repeat). */
export interface ActivityReport {
  readonly activityId: string;
  readonly events: readonly EventSummary[];
}

/**
 * Reports an activity: updates completion state, decides the events, queues their deliveries and
 * records the activity, all in one transaction. Reporting the same id again answers the same.
 *
 * Concurrent reports are committed together (group commit, see GroupCommit and onceOnlyBatch):
 * each batch is one transaction with one multi-row insert per table and one wake-up of the
 * workers, and each caller still gets its own answer only once its batch has committed.
 */
export class ReportActivity {
  private readonly batches: GroupCommit<OnceOnlyItem<ActivityReport>, OnceOnly<ActivityReport>>;

  constructor(
    private readonly deps: {
      readonly storage: Storage;
      readonly clock: Clock;
      readonly ids: IdGenerator;
      readonly signal: WorkSignal;
      readonly groupPageSize: number;
      readonly batching?: GroupCommitOptions;
    },
  ) {
    this.batches = new GroupCommit((items) => this.commit(items), deps.batching ?? DEFAULT_BATCHING);
  }

  /** Records `activity` for the project, or not_found for an unknown project. */
  async execute(projectId: string, activity: Activity): Promise<Result<ActivityReport>> {
    const outcome = await this.batches.submit({
      projectId,
      id: activity.id,
      type: activity.type,
      ...(activity.type === 'registered' || activity.type === 'child_added' ? { changesUsers: [activity.user.id] } : {}),
      work: (tx, project) => this.record(tx, project, activity),
    });
    if (outcome.kind !== 'ok') return notFound('project');
    return ok(outcome.value);
  }

  /** One batch: one transaction, then one wake-up if it queued anything. */
  private async commit(items: readonly OnceOnlyItem<ActivityReport>[]) {
    const results = await onceOnlyBatch(this.deps.storage, () => this.deps.clock.now(), items);
    const queued = results.some((r) => r.ok && r.value.kind === 'ok' && r.value.fresh && r.value.value.events.some((e) => e.deliveries > 0));
    if (queued) await wakeWorkers(this.deps.signal);
    return results;
  }

  private async record(tx: Stores, project: Project, activity: Activity): Promise<ActivityReport> {
    const firstRegistration = await this.updateState(tx, project, activity);
    const planned = planActivityEvents(activity, { project, firstRegistration, groupPageSize: this.deps.groupPageSize });
    const events = await recordPlannedEvents(
      tx,
      { project, activityId: activity.id, origin: activity.origin, occurredAt: activity.occurredAt, now: this.deps.clock.now(), ids: this.deps.ids },
      planned,
    );
    return { activityId: activity.id, events };
  }

  /** Applies what the activity changes of completion state; returns whether it is a first registration. */
  private async updateState(tx: Stores, project: Project, activity: Activity): Promise<boolean> {
    if (activity.type !== 'registered' && activity.type !== 'child_added') return false;
    const [existing] = await tx.users.load(project.id, [activity.user.id]);
    const triggers = await tx.forms.listTriggers(project.id);
    if (activity.type === 'registered') {
      await tx.users.save([assignOnAccountCreated({ project, triggers, user: activity.user, existing: existing ?? null })]);
      return !existing?.registered;
    }
    await tx.users.save([assignOnChildCreated({ project, triggers, child: activity.user, existing: existing ?? null })]);
    return false;
  }
}

