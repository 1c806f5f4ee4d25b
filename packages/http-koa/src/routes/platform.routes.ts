import { Type } from '@sinclair/typebox';
import type { Activity, FormInteraction, FormMoment, JsonObject, Trigger, TriggerInput, UserRef } from '@webhooks/domain';
import { unwrap } from '../problems/unwrap-result.js';
import { ActivityBody, ActivityReportView } from '../schemas/activity.schema.js';
import { FormId, ProjectId, Strict } from '../schemas/common.schema.js';
import { FormView, PutFormBody, PutTriggerBody, TriggerView } from '../schemas/form.schema.js';
import type { InteractionBody, SubmissionBody } from '../schemas/interaction.schema.js';
import { DecisionView, InteractionBody as InteractionSchema, SubmissionBody as SubmissionSchema } from '../schemas/interaction.schema.js';
import type { HttpDeps } from '../http-deps.js';
import { formView } from '../views/form.view.js';
import type { Route } from './route.js';
import { defineRoute } from './route.js';

const ProjectParams = Type.Object({ projectId: ProjectId });
const FormParams = Type.Object({ projectId: ProjectId, formId: FormId });
const TriggerParams = Type.Object({ projectId: ProjectId, triggerId: FormId });

/** A trigger as answered. */
const triggerView = (trigger: Trigger) => ({ id: trigger.id, on: trigger.on, addForms: [...trigger.addForms] });

/** The activity as the domain takes it: `occurredAt` a Date, free-form objects as JSON. */
function toActivity(body: ActivityBody): Activity {
  // The schema admitted only JSON (it came from JSON.parse), so the free-form parts are JSON values.
  return { ...body, occurredAt: new Date(body.occurredAt) } as Activity;
}

/** The interaction as the domain takes it. */
function toInteraction(formId: string, moment: FormMoment, body: InteractionBody | SubmissionBody): FormInteraction {
  // `doc`, `analytics` and the user's `fields` came from JSON.parse: their values are JSON.
  return {
    id: body.id,
    origin: body.origin,
    user: body.user as UserRef,
    moment,
    formId,
    doc: body.doc as JsonObject,
    // Left out, the domain takes the time it got the request (and a repeat is still the same request).
    ...(body.occurredAt === undefined ? {} : { occurredAt: new Date(body.occurredAt) }),
    ...('complete' in body ? { complete: body.complete } : {}),
    ...('analytics' in body && body.analytics !== undefined ? { analytics: body.analytics as JsonObject } : {}),
  };
}

/** Runs one interactive moment, measured, and answers its decision. */
async function interact(deps: HttpDeps, moment: FormMoment, projectId: string, interaction: FormInteraction) {
  const startedAt = performance.now();
  const outcome = unwrap(await deps.useCases.interactions.execute(projectId, interaction));
  deps.metrics.interactiveDuration.observe({ moment }, (performance.now() - startedAt) / 1_000);
  if (outcome.decision.failures.length > 0) deps.metrics.interactiveFailures.inc({ moment }, outcome.decision.failures.length);
  const { proceed, messages, patch, focusOn, redirect, failures, conflicts } = outcome.decision;
  return {
    proceed,
    messages: messages.map((m) => ({ ...m })),
    patch: { ...patch },
    ...(focusOn === undefined ? {} : { focusOn }),
    ...(redirect === undefined ? {} : { redirect }),
    failures: failures.map((f) => ({ ...f })),
    conflicts: conflicts.map((c) => ({ ...c })),
  };
}

/** What every interactive route says of the user and of origin `api`. */
const INTERACTIVE_RULES =
  'The form must be for the user\'s audience — a child form for a child, a parent form for a parent (in a family system a user ' +
  'the service knows keeps the role registration or child_added gave them; otherwise the role sent counts, none being a parent); ' +
  'in an individual system every form is for anyone. A mismatch is a 422 at `user.role`, and no webhook is called. ' +
  'With origin `api` no webhook is called and the decision is a plain proceed.';

/** One interactive route. */
const interactiveRoute = (segment: string, moment: FormMoment, summary: string, body: typeof InteractionSchema | typeof SubmissionSchema, description = '') =>
  defineRoute({
    method: 'post',
    path: `/v1/projects/:projectId/forms/:formId/${segment}`,
    operationId: `form${segment.charAt(0).toUpperCase()}${segment.slice(1)}`,
    summary,
    description: `${INTERACTIVE_RULES}${description}`,
    tag: 'platform',
    caller: 'platform',
    params: FormParams,
    body,
    status: 200,
    response: DecisionView,
    outcomes: [404, 409],
    handle: async ({ deps, params, body: checked }) => interact(deps, moment, params.projectId, toInteraction(params.formId, moment, checked)),
  });

/** The platform's routes: forms, triggers, activities and the interactive moments of a form. */
export const platformRoutes: readonly Route[] = [
  defineRoute({
    method: 'put',
    path: '/v1/projects/:projectId/forms/:formId',
    operationId: 'putForm',
    summary: 'Declare (create or replace) a form.',
    tag: 'platform',
    caller: 'platform',
    params: FormParams,
    paramErrors: 'invalid',
    body: PutFormBody,
    status: 200,
    response: FormView,
    handle: async ({ deps, params, body }) => {
      return formView(unwrap(await deps.useCases.forms.putForm(params.projectId, params.formId, body)));
    },
  }),
  defineRoute({
    method: 'delete',
    path: '/v1/projects/:projectId/forms/:formId',
    operationId: 'deleteForm',
    summary: 'Delete a form nothing uses any more; it is taken out of every user\'s assigned forms.',
    description:
      'Refused with 409 (`reason` `form_in_use`, `inUseBy: { webhooks, triggers }` naming them) while a webhook subscribes ' +
      'to one of its per-form events (`form_submit_{form}`, `form_load_{form}`, `form_viewed_{form}`, ' +
      '`form_preprocess_{form}`; enabled or not) or a trigger names it (as the form it follows or one it adds): delete or ' +
      'change those first. Deleted, the form no longer counts towards any user\'s completion (evaluated again at their next ' +
      'submission), and a form declared again under its id starts with nobody assigned.',
    tag: 'platform',
    caller: 'platform',
    params: FormParams,
    status: 204,
    outcomes: [404, 409],
    handle: async ({ deps, params }) => {
      unwrap(await deps.useCases.forms.deleteForm(params.projectId, params.formId));
    },
  }),
  defineRoute({
    method: 'get',
    path: '/v1/projects/:projectId/triggers',
    operationId: 'listTriggers',
    summary: "The project's triggers, by id (all of them: a project has few).",
    tag: 'platform',
    caller: 'platform',
    params: ProjectParams,
    status: 200,
    response: Strict({ items: Type.Array(TriggerView) }),
    outcomes: [404],
    handle: async ({ deps, params }) => ({ items: unwrap(await deps.useCases.forms.listTriggers(params.projectId)).map(triggerView) }),
  }),
  defineRoute({
    method: 'delete',
    path: '/v1/projects/:projectId/triggers/:triggerId',
    operationId: 'deleteTrigger',
    summary: 'Delete a trigger; the forms it assigned stay assigned.',
    tag: 'platform',
    caller: 'platform',
    params: TriggerParams,
    status: 204,
    outcomes: [404],
    handle: async ({ deps, params }) => {
      unwrap(await deps.useCases.forms.deleteTrigger(params.projectId, params.triggerId));
    },
  }),
  defineRoute({
    method: 'put',
    path: '/v1/projects/:projectId/triggers/:triggerId',
    operationId: 'putTrigger',
    summary: 'Declare (create or replace) a trigger that assigns forms.',
    tag: 'platform',
    caller: 'platform',
    params: TriggerParams,
    paramErrors: 'invalid',
    body: PutTriggerBody,
    status: 200,
    response: TriggerView,
    handle: async ({ deps, params, body }) => {
      // `when` came from JSON.parse: its values are JSON.
      const trigger = unwrap(await deps.useCases.forms.putTrigger(params.projectId, params.triggerId, { on: body.on as TriggerInput['on'], addForms: body.addForms }));
      return triggerView(trigger);
    },
  }),
  defineRoute({
    method: 'post',
    path: '/v1/projects/:projectId/activities',
    operationId: 'reportActivity',
    summary: 'Report an activity; repeating an id with the same body answers the same and fires nothing again, with another body 409.',
    description:
      'Idempotent per activity id: a repeat whose body is the same (compared as a canonical fingerprint: key order and ' +
      'spacing do not matter, 42 and "42" do) answers as the first time; another body is refused with 409, `reason` ' +
      '`id_reused`. Activities recorded before fingerprints were kept answer any repeat as the first time.',
    tag: 'platform',
    caller: 'platform',
    params: ProjectParams,
    body: ActivityBody,
    status: 202,
    response: ActivityReportView,
    outcomes: [404, 409],
    handle: async ({ deps, params, body }) => {
      const report = unwrap(await deps.useCases.reportActivity.execute(params.projectId, toActivity(body)));
      return {
        activityId: report.activityId,
        events: report.events.map((e) => ({ key: e.key, deliveries: e.deliveries, ...(e.suppressed ? { suppressed: e.suppressed } : {}) })),
      };
    },
  }),
  interactiveRoute('load', 'load', 'A form loaded: answers the decision of form_load_{form}, then queues form_viewed_{form}.', InteractionSchema),
  interactiveRoute('preprocess', 'preprocess', 'A submission is about to be processed: answers the decision of form_preprocess(_{form}).', InteractionSchema),
  interactiveRoute(
    'submissions',
    'submission',
    'A submission was saved: answers the decision of form_submit_{form}; queues form_submitted, user_complete, child_complete as the rules say.',
    SubmissionSchema,
    ' A submission with origin `api` still updates completion (the form is recorded complete or not, triggers assign their forms) but ' +
      'its form_submitted, user_complete and child_complete are recorded as suppressed (`api_origin`) and never sent; a completion ' +
      'reached that way is the transition, so a later submission of an already complete user fires nothing.',
  ),
];
