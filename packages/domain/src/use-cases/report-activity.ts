import { assignForm, assignOnAccountCreated, assignOnChildCreated, audienceMismatch, roleOf, stateOf, unassignForm } from '../completion/completion.js';
import { planActivityEvents } from '../dispatch/plan-activity-events.js';
import { planAssignmentCompletions } from '../dispatch/plan-form-events.js';
import type { PlannedEvent } from '../dispatch/planned-event.js';
import type { Activity, PlatformId } from '../model/activity.js';
import { idKey, keyedUser } from '../input/platform-id.js';
import type { Project } from '../model/project.js';
import type { Result } from '../model/result.js';
import { invalid, notFound, ok } from '../model/result.js';
import { activityErrors } from '../input/activity-errors.js';
import { activityFingerprint } from '../input/request-fingerprint.js';
import { idReused } from './id-reused.js';
import type { Clock } from '../ports/clock.port.js';
import type { IdGenerator } from '../ports/id-generator.port.js';
import type { Storage, Stores } from '../ports/stores.port.js';
import type { WorkSignal } from '../ports/delivery-queue.port.js';
import type { LiveEvents } from '../ports/live-events.port.js';
import type { WebhookEvent } from '../model/event.js';
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
  /** As the platform sent it (a number stays a number). */
  readonly activityId: PlatformId;
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
  /** The events each fresh report built, for live listeners once its batch is committed. */
  private readonly built = new WeakMap<ActivityReport, readonly WebhookEvent[]>();

  constructor(
    private readonly deps: {
      readonly storage: Storage;
      readonly clock: Clock;
      readonly ids: IdGenerator;
      readonly signal: WorkSignal;
      /** Live listeners (`webhooks listen`); none when left out. */
      readonly live?: LiveEvents;
      readonly groupPageSize: number;
      readonly batching?: GroupCommitOptions;
    },
  ) {
    this.batches = onceOnlyGroupCommit(deps, {
      queuedDeliveries: (report) => report.events.some((e) => e.deliveries > 0),
      liveEvents: (report) => this.built.get(report) ?? [],
    });
  }

  /**
   * Records `activity` for the project; invalid (nothing recorded) for a bad field, not_found for
   * an unknown project, conflict (`id_reused`) when its id was reported before with another body.
   * An assignment change naming a form the project does not have, or a form of another audience
   * than the user's (a child form for a parent, …), is invalid at `formId`.
   */
  async execute(projectId: string, activity: Activity): Promise<Result<ActivityReport>> {
    const errors = activityErrors(activity);
    if (errors.length > 0) return invalid(errors);
    if (activity.type === 'form_assigned' || activity.type === 'form_unassigned') {
      const refused = await this.checkAssignment(projectId, activity);
      if (refused) return refused;
    }
    const outcome = await this.batches.submit({
      projectId,
      id: idKey(activity.id),
      type: activity.type,
      fingerprint: activityFingerprint(activity),
      ...('user' in activity && CHANGES_USER.has(activity.type) ? { changesUsers: [idKey(activity.user.id)] } : {}),
      work: (tx, project) => this.record(tx, project, activity),
    });
    switch (outcome.kind) {
      case 'ok':
        return ok(outcome.value);
      case 'no_project':
        return notFound('project');
      case 'id_reused':
        return idReused(`activity id ${idKey(activity.id)}`);
    }
  }

  /** Why an assignment change cannot be recorded (unknown project, unknown form, another audience), or null. */
  private async checkAssignment(projectId: string, activity: AssignmentActivity): Promise<Result<ActivityReport> | null> {
    const [{ project, form }, [known]] = await Promise.all([
      this.deps.storage.forms.getFormContext(projectId, idKey(activity.formId), []),
      this.deps.storage.users.load(projectId, [idKey(activity.user.id)]),
    ]);
    if (!project) return notFound('project');
    if (!form) return invalid([{ path: 'formId', message: `unknown form ${idKey(activity.formId)}` }]);
    const mismatch = audienceMismatch(form, roleOf(keyedUser(activity.user), project.system, known), 'formId');
    return mismatch ? invalid([mismatch]) : null;
  }

  private async record(tx: Stores, project: Project, activity: Activity): Promise<ActivityReport> {
    const { firstRegistration, completions } = await this.updateState(tx, project, activity);
    const planned = [...planActivityEvents(activity, { project, firstRegistration, groupPageSize: this.deps.groupPageSize }), ...completions];
    const recorded = await recordPlannedEvents(
      tx,
      { project, activityId: activity.id, origin: activity.origin, occurredAt: activity.occurredAt, now: this.deps.clock.now(), ids: this.deps.ids },
      planned,
    );
    const report: ActivityReport = { activityId: activity.id, events: recorded.summaries };
    this.built.set(report, recorded.live);
    return report;
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
        const user = keyedUser(activity.user);
        const [existing] = await tx.users.load(project.id, [user.id]);
        const triggers = await tx.forms.listTriggers(project.id);
        if (activity.type === 'registered') {
          await tx.users.save([assignOnAccountCreated({ project, triggers, user, existing: existing ?? null })]);
          return { ...none, firstRegistration: !existing?.registered };
        }
        await tx.users.save([assignOnChildCreated({ project, triggers, child: user, existing: existing ?? null })]);
        return none;
      }
      case 'form_assigned':
      case 'form_unassigned': {
        const user = keyedUser(activity.user);
        const [[existing], forms] = await Promise.all([tx.users.load(project.id, [user.id]), tx.forms.listForms(project.id)]);
        const form = forms.find((f) => f.id === idKey(activity.formId));
        // checkAssignment found the form before the batch; a form deleted since changes nothing.
        if (!form) return none;
        const change = (activity.type === 'form_assigned' ? assignForm : unassignForm)({ forms, state: stateOf(project, user, existing), formId: form.id });
        await tx.users.save([change.state]);
        return { ...none, completions: planAssignmentCompletions({ activity, form, completions: change.events, project }) };
      }
      default:
        return none;
    }
  }
}
