import { Type } from '@sinclair/typebox';
import type { SubscriptionChange } from '@webhooks/domain';
import { EVENT_CATALOG } from '@webhooks/domain';
import { unwrap } from '../problems/unwrap-result.js';
import { PageOf, PageQuery, ProjectId, Strict, WebhookId } from '../schemas/common.schema.js';
import { TestSendView } from '../schemas/delivery.schema.js';
import { FormView } from '../schemas/form.schema.js';
import { EventTypesView } from '../schemas/system.schema.js';
import { ChangeWebhookBody, CreateWebhookBody, WebhookStatsQuery, WebhookStatsView, WebhookView, WebhookWithSecretView } from '../schemas/webhook.schema.js';
import { attemptView } from '../views/delivery.view.js';
import { eventTypeView } from '../views/event-type.view.js';
import { formView } from '../views/form.view.js';
import { webhookView, webhookWithSecretView } from '../views/webhook.view.js';
import type { Route } from './route.js';
import { defineRoute } from './route.js';

const ProjectParams = Type.Object({ projectId: ProjectId });
const WebhookParams = Type.Object({ projectId: ProjectId, webhookId: WebhookId });
const HOUR_MS = 3_600_000;
const RotateQuery = Strict({
  graceHours: Type.Optional(Type.Integer({ minimum: 0, maximum: 720, description: 'Hours the old secret keeps signing: 0 stops it at once.' })),
});

/** The API admin's routes over webhooks. */
export const webhookRoutes: readonly Route[] = [
  defineRoute({
    method: 'get',
    path: '/v1/projects/:projectId/forms',
    operationId: 'listForms',
    summary: "The project's forms, for picking the form of a per-form event (`form_submit_{form}` …). Not in the v1 contract's table: added for the webhooks tab.",
    tag: 'webhooks',
    caller: 'apiAdmin',
    params: ProjectParams,
    status: 200,
    response: Strict({ items: Type.Array(FormView) }),
    handle: async ({ deps, params }) => ({
      items: unwrap(await deps.useCases.forms.listForms(params.projectId)).map(formView),
    }),
  }),
  defineRoute({
    method: 'get',
    path: '/v1/projects/:projectId/event-types',
    operationId: 'listProjectEventTypes',
    summary:
      "The events this project's webhooks may subscribe to: the catalog without the events of the other system (`child_complete` only in a family " +
      "project), each sample naming this project. Not in the v1 contract's table: added for the webhooks tab.",
    tag: 'webhooks',
    caller: 'apiAdmin',
    params: ProjectParams,
    status: 200,
    response: EventTypesView,
    handle: async ({ deps, params }) => {
      const project = unwrap(await deps.useCases.projects.getProject(params.projectId));
      return { items: EVENT_CATALOG.filter((t) => !t.familyOnly || project.system === 'family').map((t) => eventTypeView(t, project)), nextCursor: null };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/v1/projects/:projectId/webhooks',
    operationId: 'listWebhooks',
    summary: "The project's webhooks, in creation order.",
    tag: 'webhooks',
    caller: 'apiAdmin',
    params: ProjectParams,
    query: Strict(PageQuery),
    status: 200,
    response: PageOf(WebhookView),
    handle: async ({ deps, params, query }) => {
      const page = await deps.useCases.webhooks.list(params.projectId, { limit: query.limit ?? 20, ...(query.cursor ? { cursor: query.cursor } : {}) });
      return { items: page.items.map(webhookView), nextCursor: page.nextCursor };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/v1/projects/:projectId/webhook-stats',
    operationId: 'getWebhookStats',
    summary:
      "Every webhook's health since a time (24 hours by default) in one answer: deliveries succeeded, failed and pending, and the attempts " +
      "that failed (before a success, too). Not in the v1 contract's table: added for the webhooks tab.",
    tag: 'webhooks',
    caller: 'apiAdmin',
    params: ProjectParams,
    query: WebhookStatsQuery,
    status: 200,
    response: WebhookStatsView,
    handle: async ({ deps, params, query, receivedAt }) => {
      const since = query.since === undefined ? new Date(receivedAt.getTime() - 24 * HOUR_MS) : new Date(query.since);
      const health = await deps.useCases.deliveryLog.health(params.projectId, since);
      return { since: since.toISOString(), items: health.map(({ subscriptionId, ...counts }) => ({ webhookId: subscriptionId, ...counts })) };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/v1/projects/:projectId/webhooks',
    operationId: 'createWebhook',
    summary: 'Create a webhook; its signing secret is in this answer (and rotate-secret) only. One URL serves one event.',
    tag: 'webhooks',
    caller: 'apiAdmin',
    params: ProjectParams,
    body: CreateWebhookBody,
    status: 201,
    response: WebhookWithSecretView,
    outcomes: [409],
    handle: async ({ deps, params, body }) => webhookWithSecretView(unwrap(await deps.useCases.webhooks.create(params.projectId, body))),
  }),
  defineRoute({
    method: 'get',
    path: '/v1/projects/:projectId/webhooks/:webhookId',
    operationId: 'getWebhook',
    summary: 'Read a webhook.',
    tag: 'webhooks',
    caller: 'apiAdmin',
    params: WebhookParams,
    status: 200,
    response: WebhookView,
    outcomes: [404],
    handle: async ({ deps, params }) => webhookView(unwrap(await deps.useCases.webhooks.get(params.projectId, params.webhookId))),
  }),
  defineRoute({
    method: 'patch',
    path: '/v1/projects/:projectId/webhooks/:webhookId',
    operationId: 'changeWebhook',
    summary: 'Change a webhook; the result is validated as a whole. Enabling clears a disabled reason.',
    tag: 'webhooks',
    caller: 'apiAdmin',
    params: WebhookParams,
    body: ChangeWebhookBody,
    status: 200,
    response: WebhookView,
    outcomes: [404, 409],
    handle: async ({ deps, params, body }) =>
      webhookView(unwrap(await deps.useCases.webhooks.update(params.projectId, params.webhookId, body satisfies SubscriptionChange))),
  }),
  defineRoute({
    method: 'delete',
    path: '/v1/projects/:projectId/webhooks/:webhookId',
    operationId: 'deleteWebhook',
    summary: 'Delete a webhook; its delivery log stays.',
    tag: 'webhooks',
    caller: 'apiAdmin',
    params: WebhookParams,
    status: 204,
    outcomes: [404],
    handle: async ({ deps, params }) => {
      unwrap(await deps.useCases.webhooks.delete(params.projectId, params.webhookId));
    },
  }),
  defineRoute({
    method: 'post',
    path: '/v1/projects/:projectId/webhooks/:webhookId/rotate-secret',
    operationId: 'rotateWebhookSecret',
    summary: 'Issue a new signing secret; the old one keeps signing alongside for a grace period (`graceHours`, the service’s own unless given).',
    tag: 'webhooks',
    caller: 'apiAdmin',
    params: WebhookParams,
    query: RotateQuery,
    status: 200,
    response: WebhookWithSecretView,
    outcomes: [404],
    handle: async ({ deps, params, query }) =>
      webhookWithSecretView(
        unwrap(
          await deps.useCases.webhooks.rotateSecret(params.projectId, params.webhookId, ...(query.graceHours === undefined ? [] : [query.graceHours * HOUR_MS])),
        ),
      ),
  }),
  defineRoute({
    method: 'post',
    path: '/v1/projects/:projectId/webhooks/:webhookId/test',
    operationId: 'testWebhook',
    summary: 'Send a sample event of the webhook now (no retries) and answer the attempt; it is logged like any delivery.',
    tag: 'webhooks',
    caller: 'apiAdmin',
    params: WebhookParams,
    status: 200,
    response: TestSendView,
    outcomes: [404],
    handle: async ({ deps, params }) => {
      const sent = unwrap(await deps.useCases.sendTest.execute(params.projectId, params.webhookId));
      return { ...attemptView(sent.attempt), deliveryId: sent.delivery.id };
    },
  }),
];
