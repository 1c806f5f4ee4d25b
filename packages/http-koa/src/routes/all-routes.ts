import { Type } from '@sinclair/typebox';
import { EVENT_CATALOG } from '@webhooks/domain';
import type { OpenApiDocument, OpenApiOptions, WebhookSpec } from '../openapi/build-openapi.js';
import { buildOpenApi } from '../openapi/build-openapi.js';
import { ActivityBody, ActivityReportView, UserRef } from '../schemas/activity.schema.js';
import { AttemptView, DeliveryDetailView, DeliveryView, TestSendView } from '../schemas/delivery.schema.js';
import { FormView, TriggerView } from '../schemas/form.schema.js';
import { DecisionView, InteractionBody, SubmissionBody, SubscriberAnswerView } from '../schemas/interaction.schema.js';
import { FormInfo, MetaInfo, UserInfo, payloadSchema, payloadSchemaName } from '../schemas/payload.schema.js';
import { AdminView, CreatedProjectView, ProjectView } from '../schemas/project.schema.js';
import { EventTypeView } from '../schemas/system.schema.js';
import { UserFormsView } from '../schemas/user-forms.schema.js';
import { WebhookView, WebhookWithSecretView } from '../schemas/webhook.schema.js';
import { deliveryRoutes } from './delivery.routes.js';
import { listenRoutes } from './listen.routes.js';
import { LiveEventView } from '../schemas/listen.schema.js';
import { platformRoutes } from './platform.routes.js';
import { projectRoutes } from './project.routes.js';
import type { Route } from './route.js';
import { defineRoute } from './route.js';
import { systemRoutes } from './system.routes.js';
import { userRoutes } from './user.routes.js';
import { webhookRoutes } from './webhook.routes.js';

/** Schemas written once under `components.schemas` and referenced elsewhere. */
const NAMED_SCHEMAS = {
  Activity: ActivityBody,
  ActivityReport: ActivityReportView,
  UserRef,
  Interaction: InteractionBody,
  Submission: SubmissionBody,
  Decision: DecisionView,
  Form: FormView,
  Trigger: TriggerView,
  UserForms: UserFormsView,
  Project: ProjectView,
  CreatedProject: CreatedProjectView,
  Admin: AdminView,
  Webhook: WebhookView,
  WebhookWithSecret: WebhookWithSecretView,
  Delivery: DeliveryView,
  DeliveryDetail: DeliveryDetailView,
  Attempt: AttemptView,
  TestSend: TestSendView,
  EventType: EventTypeView,
  UserInfo,
  MetaInfo,
  FormInfo,
  SubscriberAnswer: SubscriberAnswerView,
  LiveEvent: LiveEventView,
};

/** The webhooks the service sends: one per catalog row, its payload schema built from the row. */
export const WEBHOOKS: readonly WebhookSpec[] = EVENT_CATALOG.map((type) => ({
  type,
  payload: payloadSchema(type),
  answer: type.mode === 'interactive' ? SubscriberAnswerView : null,
}));

/** Payload schemas are named after their event: `form_submit_{form}` → `FormSubmitFormEvent`. */
const PAYLOAD_SCHEMAS = Object.fromEntries(WEBHOOKS.map((w) => [payloadSchemaName(w.type), w.payload]));

const documents = new Map<string, OpenApiDocument>();

/** The OpenAPI 3.1 document of every route, written once per set of options. */
export function openApiDocument(options: OpenApiOptions = {}): OpenApiDocument {
  const key = JSON.stringify(options);
  const cached = documents.get(key);
  if (cached) return cached;
  const document = buildOpenApi(ROUTES, { ...NAMED_SCHEMAS, ...PAYLOAD_SCHEMAS }, WEBHOOKS, options);
  documents.set(key, document);
  return document;
}

const openApiRoute = defineRoute({
  method: 'get',
  path: '/openapi.json',
  operationId: 'openApi',
  summary: 'This document.',
  tag: 'system',
  caller: 'anyone',
  status: 200,
  response: Type.Object({ openapi: Type.Literal('3.1.0') }, { additionalProperties: true, description: 'An OpenAPI 3.1 document.' }),
  handle: async ({ deps }) => openApiDocument(deps.publicBaseUrl === undefined ? {} : { publicBaseUrl: deps.publicBaseUrl }),
});

/** Every route of the API, in the order of the contract. */
export const ROUTES: readonly Route[] = [...systemRoutes, openApiRoute, ...projectRoutes, ...platformRoutes, ...userRoutes, ...webhookRoutes, ...deliveryRoutes, ...listenRoutes];
