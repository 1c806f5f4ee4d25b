import { assignForm, assignOnAccountCreated, assignOnChildCreated, audienceMismatch, roleOf, stateOf, unassignForm } from '../completion/completion.js';
import { planActivityEvents } from '../dispatch/plan-activity-events.js';
import { planAssignmentCompletions } from '../dispatch/plan-form-events.js';
import type { PlannedEvent } from '../dispatch/planned-event.js';
import type { Activity } from '../model/activity.js';
import type { Project } from '../model/project.js';
import type { Result } from '../model/result.js';
import { invalid, notFound, ok } from '../model/result.js';
import type { Clock } from '../ports/clock.port.js';
import type { IdGenerator } from '../ports/id-generator.port.js';
import type { Storage, Stores } from '../ports/stores.port.js';
import type { WorkSignal } from '../ports/delivery-queue.port.js';
import type { EventSummary } from './record-events.js';
import { recordPlannedEvents } from './record-events.js';
import type { OnceOnly, OnceOnlyItem } from './once-only.js';
import { onceOnlyGroupCommit } from './once-only.js';
import type { GroupCommit, GroupCommitOptions } from './group-commit.js';

/** The activities that change a user's completion state (run holding that user: see OnceOnlyItem.changesUsers). */
const CHANGES_USER: ReadonlySet<Activity['type']> = new Set(['registered', 'child_added', 'form_assigned', 'form_unassigned']);

/** An assignment change reported by the platform. */
type AssignmentActivity = Extract<Activity, { readonly type: 'form_assigned' | 'form_unassigned' }>;

/** What the platform is told about a reported activity (the same again on a repeat). */
export interface ActivityReport {
  readonly activityId: string;
  readonly events: readonly EventSummary[];
}

/**
 * Reports an activity: updates completion state, decides the events, queues their deliveries and
 * records the activity, all or nothing. Reporting the same id again answers the same.
 *
 * Concurrent reports are committed together (group commit, see onceOnlyGroupCommit): each batch
 * is one atomic write (ActivityStore.recordAll) and one wake-up of the workers, and each caller
 * still gets its own answer only once its batch is durable.
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
    this.batches = onceOnlyGroupCommit(deps, (report) => report.events.some((e) => e.deliveries > 0));
  }

  /**
   * Records `activity` for the project, or not_found for an unknown project. An assignment change
   * naming a form the project does not have, or a form of another audience than the user's
   * (a child form for a parent, …), is invalid at `formId`, and nothing is recorded.
   */
  async execute(projectId: string, activity: Activity): Promise<Result<ActivityReport>> {
    if (activity.type === 'form_assigned' || activity.type === 'form_unassigned') {
      const refused = await this.checkAssignment(projectId, activity);
      if (refused) return refused;
    }
    const outcome = await this.batches.submit({
      projectId,
      id: activity.id,
      type: activity.type,
      ...('user' in activity && CHANGES_USER.has(activity.type) ? { changesUsers: [activity.user.id] } : {}),
      work: (tx, project) => this.record(tx, project, activity),
    });
    if (outcome.kind !== 'ok') return notFound('project');
    return ok(outcome.value);
  }

  /** Why an assignment change cannot be recorded (unknown project, unknown form, another audience), or null. */
  private async checkAssignment(projectId: string, activity: AssignmentActivity): Promise<Result<ActivityReport> | null> {
    const [{ project, form }, [known]] = await Promise.all([
      this.deps.storage.forms.getFormContext(projectId, activity.formId, []),
      this.deps.storage.users.load(projectId, [activity.user.id]),
    ]);
    if (!project) return notFound('project');
    if (!form) return invalid([{ path: 'formId', message: `unknown form ${activity.formId}` }]);
    const mismatch = audienceMismatch(form, roleOf(activity.user, project.system, known), 'formId');
    return mismatch ? invalid([mismatch]) : null;
  }

  private async record(tx: Stores, project: Project, activity: Activity): Promise<ActivityReport> {
    const { firstRegistration, completions } = await this.updateState(tx, project, activity);
    const planned = [...planActivityEvents(activity, { project, firstRegistration, groupPageSize: this.deps.groupPageSize }), ...completions];
    const events = await recordPlannedEvents(
      tx,
      { project, activityId: activity.id, origin: activity.origin, occurredAt: activity.occurredAt, now: this.deps.clock.now(), ids: this.deps.ids },
      planned,
    );
    return { activityId: activity.id, events };
  }

  /**
   * Applies what the activity changes of completion state: whether it is a first registration,
   * and the completion events an assignment change caused.
   */
  private async updateState(
    tx: Stores,
    project: Project,
    activity: Activity,
  ): Promise<{ readonly firstRegistration: boolean; readonly completions: readonly PlannedEvent[] }> {
    const none = { firstRegistration: false, completions: [] };
    switch (activity.type) {
      case 'registered':
      case 'child_added': {
        const [existing] = await tx.users.load(project.id, [activity.user.id]);
        const triggers = await tx.forms.listTriggers(project.id);
        if (activity.type === 'registered') {
          await tx.users.save([assignOnAccountCreated({ project, triggers, user: activity.user, existing: existing ?? null })]);
          return { ...none, firstRegistration: !existing?.registered };
        }
        await tx.users.save([assignOnChildCreated({ project, triggers, child: activity.user, existing: existing ?? null })]);
        return none;
      }
      case 'form_assigned':
      case 'form_unassigned': {
        const [[existing], forms] = await Promise.all([tx.users.load(project.id, [activity.user.id]), tx.forms.listForms(project.id)]);
        const form = forms.find((f) => f.id === activity.formId);
        // checkAssignment found the form before the batch; a form deleted since changes nothing.
        if (!form) return none;
        const change = (activity.type === 'form_assigned' ? assignForm : unassignForm)({ forms, state: stateOf(project, activity.user, existing), formId: form.id });
        await tx.users.save([change.state]);
        return { ...none, completions: planAssignmentCompletions({ activity, form, completions: change.events, project }) };
      }
      default:
        return none;
    }
  }
}
