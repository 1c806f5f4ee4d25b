import { applySubmission, audienceMismatch, roleOf, stateOf } from '../completion/completion.js';
import { combineDecision, proceedDecision } from '../interactive/combine-decision.js';
import { interactiveKeys, interactivePayload, planSubmissionEvents, planViewedEvent } from '../dispatch/plan-form-events.js';
import type { PlannedEvent } from '../dispatch/planned-event.js';
import { buildEnvelope } from '../payloads/envelope.js';
import type { FormInteraction, FormMoment, UserRef } from '../model/activity.js';
import type { CompletionEvent } from '../model/completion-event.js';
import type { Decision } from '../model/decision.js';
import type { WebhookEvent } from '../model/event.js';
import type { Form } from '../model/form.js';
import type { Project } from '../model/project.js';
import type { Result } from '../model/result.js';
import { invalid, notFound, ok } from '../model/result.js';
import { interactionErrors } from '../input/interaction-errors.js';
import { idKey, keyedUser } from '../input/platform-id.js';
import { interactionFingerprint } from '../input/request-fingerprint.js';
import type { Clock } from '../ports/clock.port.js';
import type { IdGenerator } from '../ports/id-generator.port.js';
import type { Stores } from '../ports/storage.port.js';
import type { FormContextReads } from '../ports/form-context-reads.port.js';
import type { ActivityRecording, Recorded } from '../ports/activity-recording.port.js';
import type { LiveEvents } from '../ports/live-events.port.js';
import type { WebhookTransport } from '../ports/webhook-transport.port.js';
import type { AttemptObserver } from '../ports/attempt-observer.port.js';
import type { HookCalls } from './call-hooks.js';
import { callHooks } from './call-hooks.js';
import { idReused } from './id-reused.js';
import { earlierAnswer } from '../input/earlier-answer.js';
import type { Subscription } from '../model/subscription.js';
import { recordPlannedEvents } from './record-events.js';

/** The `type` of the activity record that stores an interaction's decision (`form_load`, `form_preprocess`, `form_submission`). */
export const interactionRecordType = (moment: FormMoment): string => `form_${moment}`;

/** Every activity-record type that is an interaction's, not a reported activity's (retention keeps the two apart). */
export const INTERACTION_RECORD_TYPES: readonly string[] = (['load', 'preprocess', 'submission'] satisfies FormMoment[]).map(interactionRecordType);

/** What the interactive routes answer: the decision, and the events the interaction queued. */
export interface InteractionOutcome {
  readonly decision: Decision;
  readonly events: readonly { readonly key: string; readonly eventId: string; readonly deliveries: number; readonly suppressed?: string }[];
}

/** Dependencies of the form interactions. */
export interface FormInteractionDeps {
  /** The reads before anyone is called: an earlier record, the user. */
  readonly stores: Stores;
  /** The form's context: project, form, subscribers, API admin. */
  readonly contexts: FormContextReads;
  readonly recording: ActivityRecording;
  readonly transport: WebhookTransport;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  /** Live listeners (`webhooks listen`) of the notify events an interaction queues; none when left out. */
  readonly live?: LiveEvents;
  readonly interactiveDeadlineMs: number;
  /** Told of every subscriber call (logs, metrics). */
  readonly observer?: AttemptObserver;
}

/** An interaction whose time is known (the platform's, or when the service took it). */
type TimedInteraction = FormInteraction & { readonly occurredAt: Date };

/** `submission id s-1` for the key `…\0submission:s-1`, as a conflict names it. */
const keyName = (key: string): string => {
  const local = key.slice(key.indexOf('\0') + 1);
  const colon = local.indexOf(':');
  return `${local.slice(0, colon)} id ${local.slice(colon + 1)}`;
};

/** No hook calls: nothing to log. */
const NO_CALLS: HookCalls = { calls: [], deliveries: [], attempts: [] };

/**
 * The interactive moments of a form — load, preprocess, submission. Each calls the subscribers of
 * its event while the user waits, combines their answers into one decision, and records the calls;
 * a submission also updates completion and queues form_submitted, user_complete and child_complete,
 * a load queues form_viewed once the load hooks have answered. A repeated id answers the same.
 */
export class FormInteractions {
  /** Interactions being run in this process, by project and key (see `once`). */
  private readonly running = new Map<string, { readonly fingerprint: string; readonly result: Promise<Result<InteractionOutcome>> }>();

  constructor(private readonly deps: FormInteractionDeps) {}

  /**
   * Runs the interaction; invalid for a bad field, not_found when the project or form is unknown,
   * invalid at `user.role`
   * when the form is not for the user's audience (a child form for a parent, a parent form for a
   * child: the role the service holds for a known user, else the one sent). Refused interactions
   * call no one and record nothing.
   */
  execute(projectId: string, interaction: FormInteraction): Promise<Result<InteractionOutcome>> {
    const errors = interactionErrors(interaction);
    if (errors.length > 0) return Promise.resolve(invalid(errors));
    const key = `${interaction.moment}:${idKey(interaction.id)}`;
    // The request as the platform sent it (before `occurredAt` is filled in): a repeat must match it.
    const fingerprint = interactionFingerprint(interaction);
    const timed: TimedInteraction = { ...interaction, occurredAt: interaction.occurredAt ?? this.deps.clock.now() };
    return this.once(`${projectId}\0${key}`, fingerprint, () => this.proceed(projectId, timed, key, fingerprint));
  }

  /**
   * One run per (project, moment, id) at a time in this process: a repeat that arrives while the
   * first is still calling subscribers (a double click) waits for it and answers the same, instead
   * of calling the subscribers again; one with another body is refused at once (`id_reused`).
   * Once the first is recorded, repeats answer from the record.
   */
  private once(key: string, fingerprint: string, start: () => Promise<Result<InteractionOutcome>>): Promise<Result<InteractionOutcome>> {
    const current = this.running.get(key);
    if (current) return current.fingerprint === fingerprint ? current.result : Promise.resolve(idReused(keyName(key)));
    const result = start().finally(() => this.running.delete(key));
    this.running.set(key, { fingerprint, result });
    return result;
  }

  private async proceed(
    projectId: string,
    interaction: TimedInteraction,
    key: string,
    fingerprint: string,
  ): Promise<Result<InteractionOutcome>> {
    // Everything the call needs, read at once.
    const [prior, [known], { project, form, subscriptions, hasApiAdmin }] = await Promise.all([
      this.deps.stores.activities.find(projectId, key),
      this.deps.stores.users.load(projectId, [idKey(interaction.user.id)]),
      this.deps.contexts.read(projectId, interaction.formId, interactiveKeys(interaction.moment, interaction.formId)),
    ]);
    if (prior) return this.answer(earlierAnswer<InteractionOutcome>(prior, fingerprint), key);
    if (!project) return notFound('project');
    if (!form) return notFound('form');
    // A form is filled in for a user of its audience, at every moment: refused before anyone is called.
    const mismatch = audienceMismatch(form, roleOf(keyedUser(interaction.user), project.system, known), 'user.role');
    if (mismatch) return invalid([mismatch]);

    const hookEvent = this.hookEvent(project, form, interaction);
    const hooks = await this.callSubscribers(hookEvent, subscriptions, hasApiAdmin);
    const decision = interaction.origin === 'api' ? proceedDecision() : combineDecision(interaction.moment, hooks.calls);
    // What follows carries the form as saved: the hooks' patch applied (a stopped decision has none).
    const saved: TimedInteraction = { ...interaction, doc: { ...interaction.doc, ...decision.patch } };

    let live: readonly WebhookEvent[] = [];
    const outcome = await this.deps.recording.record({
      projectId,
      id: key,
      type: interactionRecordType(interaction.moment),
      project,
      fingerprint,
      checkedBefore: true,
      users: interaction.moment === 'submission' ? [idKey(interaction.user.id)] : [],
      produce: async (tx): Promise<InteractionOutcome> => {
        const hookSummaries = await this.recordHookEvent(tx, hookEvent, hooks, subscriptions);
        const queued = await recordPlannedEvents(tx, this.eventContext(project, interaction), await this.followUps(tx, project, form, saved));
        live = queued.live;
        return { decision, events: [...hookSummaries, ...queued.summaries] };
      },
    });
    if (outcome.kind === 'recorded' && live.length > 0) await this.deps.live?.publish(live);
    return this.answer(outcome, key);
  }

  /** The result of recording interaction `key` (`moment:id`). */
  private answer(outcome: Recorded<InteractionOutcome>, key: string): Result<InteractionOutcome> {
    switch (outcome.kind) {
      case 'recorded':
      case 'earlier':
        return ok(outcome.value);
      case 'no_project':
        return notFound('project');
      case 'id_reused':
        return idReused(keyName(key));
    }
  }

  /** One event per interactive key of the moment, sharing a payload. */
  private hookEvent(project: Project, form: Form, interaction: TimedInteraction): readonly WebhookEvent[] {
    const { userInfo, extras } = interactivePayload(interaction, form);
    return interactiveKeys(interaction.moment, form.id).map((key) => {
      const id = this.deps.ids.next('msg');
      return {
        id,
        projectId: project.id,
        activityId: idKey(interaction.id),
        key,
        occurredAt: interaction.occurredAt,
        suppressed: interaction.origin === 'api' ? 'api_origin' : null,
        payload: buildEnvelope({
          eventId: id,
          key,
          occurredAt: interaction.occurredAt,
          project,
          activityId: interaction.id,
          origin: interaction.origin,
          userInfo,
          extras,
        }),
      };
    });
  }

  /** Calls the enabled subscriptions of every hook event in creation order, if anything may be sent. */
  private async callSubscribers(
    events: readonly WebhookEvent[],
    all: readonly Subscription[],
    hasApiAdmin: boolean,
  ): Promise<HookCalls & { readonly suppressed: string | null }> {
    if (events.some((e) => e.suppressed)) return { ...NO_CALLS, suppressed: 'api_origin' };
    const subscriptions = all.filter((s) => s.enabled);
    if (subscriptions.length === 0) return { ...NO_CALLS, suppressed: null };
    if (!hasApiAdmin) return { ...NO_CALLS, suppressed: 'no_api_admin' };
    const perEvent = await Promise.all(
      events.map((event) =>
        callHooks(
          this.deps,
          event,
          subscriptions.filter((s) => s.eventKey === event.key),
          this.deps.interactiveDeadlineMs,
        ),
      ),
    );
    // Answers are combined in subscription creation order, across the event's keys.
    const order = new Map(subscriptions.map((s, i) => [s.id, i]));
    const calls = perEvent.flatMap((p) => p.calls).sort((a, b) => (order.get(a.webhookId) ?? 0) - (order.get(b.webhookId) ?? 0));
    return { calls, deliveries: perEvent.flatMap((p) => p.deliveries), attempts: perEvent.flatMap((p) => p.attempts), suppressed: null };
  }

  /**
   * Logs the hook events: the calls made, and a suppressed delivery for each subscription not
   * called (`subscriptions`: every subscription of the events, as read before the calls).
   */
  private async recordHookEvent(
    tx: Stores,
    events: readonly WebhookEvent[],
    hooks: HookCalls & { readonly suppressed: string | null },
    subscriptions: readonly Subscription[],
  ): Promise<InteractionOutcome['events']> {
    const [first] = events;
    if (!first) return [];
    const called = new Set(hooks.deliveries.map((d) => d.subscriptionId));
    const now = this.deps.clock.now();
    const skipped = subscriptions
      .filter((s) => !called.has(s.id))
      .map((s) => ({
        id: this.deps.ids.next('dlv'),
        projectId: s.projectId,
        eventId: events.find((e) => e.key === s.eventKey)?.id ?? first.id,
        subscriptionId: s.id,
        eventKey: s.eventKey,
        status: 'suppressed' as const,
        attemptCount: 0,
        resentAt: null,
        nextAttemptAt: null,
        suppressedReason: !s.enabled ? ('subscription_disabled' as const) : hooks.suppressed === 'api_origin' ? ('api_origin' as const) : ('no_api_admin' as const),
        lastError: null,
        createdAt: now,
        updatedAt: now,
      }));
    const logged = events.filter((e) => subscriptions.some((s) => s.eventKey === e.key));
    await tx.deliveries.insertEvents(logged);
    await tx.deliveries.insertDeliveries([...hooks.deliveries, ...skipped]);
    await tx.deliveries.insertAttempts(hooks.attempts);
    return events.map((e) => ({
      key: e.key,
      eventId: e.id,
      deliveries: hooks.deliveries.filter((d) => d.eventId === e.id).length,
      ...(hooks.suppressed && subscriptions.some((s) => s.eventKey === e.key) ? { suppressed: hooks.suppressed } : {}),
    }));
  }

  /**
   * The notify events an interaction queues: form_viewed after a load; form_submitted and
   * completions after a submission. `interaction` carries the form as saved (patched).
   */
  private async followUps(tx: Stores, project: Project, form: Form, interaction: TimedInteraction): Promise<PlannedEvent[]> {
    switch (interaction.moment) {
      case 'preprocess':
        return [];
      case 'load':
        return [planViewedEvent(interaction, form)];
      case 'submission': {
        const completions = await this.applyCompletion(tx, project, interaction);
        const users = new Map<string, UserRef>([[idKey(interaction.user.id), interaction.user]]);
        return planSubmissionEvents({ interaction, form, completions, project, users });
      }
    }
  }

  /** Records the submission in the user's completion state; returns the completions it caused. */
  private async applyCompletion(tx: Stores, project: Project, interaction: FormInteraction): Promise<readonly CompletionEvent[]> {
    const user = keyedUser(interaction.user);
    const [existing] = await tx.users.load(project.id, [user.id]);
    const state = stateOf(project, user, existing);
    const [forms, triggers] = await Promise.all([tx.forms.listForms(project.id), tx.forms.listTriggers(project.id)]);
    const applied = applySubmission({
      project,
      forms,
      triggers,
      state,
      formId: interaction.formId,
      doc: interaction.doc,
      complete: interaction.complete ?? false,
    });
    await tx.users.save([applied.state]);
    return applied.events;
  }

  private eventContext(project: Project, interaction: TimedInteraction) {
    return { project, activityId: interaction.id, origin: interaction.origin, occurredAt: interaction.occurredAt, now: this.deps.clock.now(), ids: this.deps.ids };
  }
}
