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
import type { ActivityRecording } from '../ports/activity-recording.port.js';
import type { Clock } from '../ports/clock.port.js';
import type { IdGenerator } from '../ports/id-generator.port.js';
import type { Stores } from '../ports/storage.port.js';
import type { LiveEvents } from '../ports/live-events.port.js';
import type { WebhookEvent } from '../model/event.js';
import type { EventSummary, RecordedEvents } from './record-events.js';
import { recordPlannedEvents } from './record-events.js';

/** The activities that change a user's completion state (recorded holding that user: see Recording.users). */
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
 * records the activity, all or nothing (ActivityRecording). Reporting the same id again answers
 * the same. The events built are offered to live listeners once recorded.
 */
export class ReportActivity {
  constructor(
    private readonly deps: {
      /** The reads before recording (the form and user of an assignment change). */
      readonly stores: Stores;
      readonly recording: ActivityRecording;
      readonly clock: Clock;
      readonly ids: IdGenerator;
      /** Live listeners (`webhooks listen`); none when left out. */
      readonly live?: LiveEvents;
      readonly groupPageSize: number;
    },
  ) {}

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
    let live: readonly WebhookEvent[] = [];
    const outcome = await this.deps.recording.record({
      projectId,
      id: idKey(activity.id),
      type: activity.type,
      fingerprint: activityFingerprint(activity),
      users: 'user' in activity && CHANGES_USER.has(activity.type) ? [idKey(activity.user.id)] : [],
      produce: async (tx, project) => {
        const recorded = await this.produce(tx, project, activity);
        live = recorded.live;
        return { activityId: activity.id, events: recorded.summaries } satisfies ActivityReport;
      },
    });
    switch (outcome.kind) {
      case 'recorded':
        if (live.length > 0) await this.deps.live?.publish(live);
        return ok(outcome.value);
      case 'earlier':
        return ok(outcome.value);
      case 'no_project':
        return notFound('project');
      case 'id_reused':
        return idReused(`activity id ${idKey(activity.id)}`);
    }
  }

  /** Why an assignment change cannot be recorded (unknown project, unknown form, another audience), or null. */
  private async checkAssignment(projectId: string, activity: AssignmentActivity): Promise<Result<ActivityReport> | null> {
    const [project, form, [known]] = await Promise.all([
      this.deps.stores.projects.get(projectId),
      this.deps.stores.forms.getForm(projectId, idKey(activity.formId)),
      this.deps.stores.users.load(projectId, [idKey(activity.user.id)]),
    ]);
    if (!project) return notFound('project');
    if (!form) return invalid([{ path: 'formId', message: `unknown form ${idKey(activity.formId)}` }]);
    const mismatch = audienceMismatch(form, roleOf(keyedUser(activity.user), project.system, known), 'formId');
    return mismatch ? invalid([mismatch]) : null;
  }

  /** What the activity produces: completion state updated, events decided, deliveries queued. */
  private async produce(tx: Stores, project: Project, activity: Activity): Promise<RecordedEvents> {
    const { firstRegistration, completions } = await this.updateState(tx, project, activity);
    const planned = [...planActivityEvents(activity, { project, firstRegistration, groupPageSize: this.deps.groupPageSize }), ...completions];
    return recordPlannedEvents(
      tx,
      { project, activityId: activity.id, origin: activity.origin, occurredAt: activity.occurredAt, now: this.deps.clock.now(), ids: this.deps.ids },
      planned,
    );
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
