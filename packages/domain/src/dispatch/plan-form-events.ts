import { eventType } from '../catalog/event-catalog.js';
import { concreteKey } from '../catalog/event-key.js';
import type { EventType } from '../catalog/event-type.js';
import type { Activity, FormInteraction, FormMoment, Origin, UserRef } from '../model/activity.js';
import type { CompletionEvent } from '../model/completion-event.js';
import type { Audience, Form } from '../model/form.js';
import type { Json, JsonObject } from '../model/json.js';
import type { Project, SystemKind } from '../model/project.js';
import { userInfo } from '../payloads/user-info.js';
import { eventPayload } from './event-payload.js';
import type { PlannedEvent } from './planned-event.js';
import { suppressionOf } from './suppression.js';

/** The interactive catalog rows each form moment calls, in calling order. */
const MOMENT_EVENTS: Readonly<Record<FormMoment, readonly string[]>> = {
  load: ['form_load_{form}'],
  preprocess: ['form_preprocess', 'form_preprocess_{form}'],
  submission: ['form_submit_{form}'],
};

/** The catalog row whose payload fields an interactive call of each moment carries. */
const MOMENT_PAYLOAD: Readonly<Record<FormMoment, string>> = {
  load: 'form_load_{form}',
  preprocess: 'form_preprocess_{form}',
  submission: 'form_submit_{form}',
};

/** The system a form's audience belongs to: `user` forms are individual, the others family. */
const AUDIENCE_SYSTEM: Readonly<Record<Audience, SystemKind>> = {
  user: 'individual',
  parent: 'family',
  child: 'family',
};

/**
 * The concrete interactive keys a form moment calls: preprocess → `form_preprocess` and
 * `form_preprocess_<id>`; submission → `form_submit_<id>`; load → `form_load_<id>`.
 */
export function interactiveKeys(moment: FormMoment, formId: string): string[] {
  return MOMENT_EVENTS[moment].map((key) => {
    const type = eventType(key);
    return concreteKey(type, type.formPrefix === null ? null : formId);
  });
}

/** The `form_info` of a payload: id, name, audience, mandatory, and `complete` when known. */
export function formInfo(form: Form, complete: boolean | null): JsonObject {
  const info: JsonObject = { id: form.id, name: form.name, audience: form.audience, mandatory: form.mandatory };
  if (complete !== null) {
    info['complete'] = complete;
  }
  return info;
}

/**
 * The user_info and payload fields of an interactive call: load → `{ doc }`; preprocess and
 * submission → `{ form_info, doc }`, as the catalog declares.
 */
export function interactivePayload(
  interaction: FormInteraction,
  form: Form,
): { readonly userInfo: JsonObject; readonly extras: JsonObject } {
  return {
    userInfo: userInfo(interaction.user),
    extras: eventPayload(eventType(MOMENT_PAYLOAD[interaction.moment]), formFields(interaction, form)),
  };
}

/**
 * The notify events a saved submission fires: `form_submitted` always (complete or not), then
 * one `user_complete` / `child_complete` per completion, about the user who completed (when
 * known in `users`, else the submitter), all with the payload of `form_submitted`. The `doc` of
 * `interaction` is the form as saved (with the patch of the submission's hooks applied).
 * Origin `api` suppresses them all; `child_complete` in an individual system is `family_only`.
 */
export function planSubmissionEvents(input: {
  readonly interaction: FormInteraction;
  readonly form: Form;
  readonly completions: readonly CompletionEvent[];
  readonly project: Project;
  readonly users: ReadonlyMap<string, UserRef>;
}): PlannedEvent[] {
  const { interaction, project } = input;
  const fields = formFields(interaction, input.form);
  const planned = plannedAs(interaction.origin, project.system, fields);
  return [
    planned(eventType('form_submitted'), interaction.user),
    ...input.completions.map((completion) => planned(eventType(completion.key), input.users.get(completion.userId) ?? interaction.user)),
  ];
}

/**
 * The `user_complete` / `child_complete` events a platform assignment change (`form_assigned`,
 * `form_unassigned`) causes, about its user. No submission completed the user, so the payload
 * carries the form whose assignment changed, with `form_info.assignment` (`assigned` or
 * `unassigned`), an empty `doc` and empty `analytics`. Suppressed as every event (`api_origin`,
 * `family_only`).
 */
export function planAssignmentCompletions(input: {
  readonly activity: Extract<Activity, { readonly type: 'form_assigned' | 'form_unassigned' }>;
  readonly form: Form;
  readonly completions: readonly CompletionEvent[];
  readonly project: Project;
}): PlannedEvent[] {
  const { activity, project } = input;
  const assignment = activity.type === 'form_assigned' ? 'assigned' : 'unassigned';
  const planned = plannedAs(activity.origin, project.system, { form_info: { ...formInfo(input.form, null), assignment }, doc: {}, analytics: {} });
  return input.completions.map((completion) => planned(eventType(completion.key), activity.user));
}

/** Plans one event of `type` about `user` with the catalog's fields of `fields`, suppressed as the origin and system say. */
function plannedAs(origin: Origin, system: SystemKind, fields: Readonly<Record<string, Json>>) {
  return (type: EventType, user: UserRef): PlannedEvent => ({
    key: concreteKey(type, null),
    userInfo: userInfo(user),
    extras: eventPayload(type, fields),
    suppressed: suppressionOf(type, origin, system),
  });
}

/**
 * The `form_viewed_<id>` event queued once `form_load_<id>` was answered, carrying `{ doc }`.
 * Origin `api` suppresses it.
 */
export function planViewedEvent(interaction: FormInteraction, form: Form): PlannedEvent {
  const type = eventType('form_viewed_{form}');
  return {
    key: concreteKey(type, form.id),
    userInfo: userInfo(interaction.user),
    extras: eventPayload(type, formFields(interaction, form)),
    suppressed: suppressionOf(type, interaction.origin, AUDIENCE_SYSTEM[form.audience]),
  };
}

/** Every payload field a form event may carry; the catalog picks those of each event. */
function formFields(interaction: FormInteraction, form: Form): Readonly<Record<string, Json>> {
  return {
    form_info: formInfo(form, interaction.complete ?? null),
    doc: interaction.doc,
    analytics: interaction.analytics ?? {},
  };
}
