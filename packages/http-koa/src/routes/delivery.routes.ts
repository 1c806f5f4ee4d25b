import { Type } from '@sinclair/typebox';
import { unwrap } from '../problems/unwrap-result.js';
import { DeliveryId, PageOf, ProjectId } from '../schemas/common.schema.js';
import { DeliveryDetailView, DeliveryQuery, DeliveryView, ResendFailedBody, ResendFailedView } from '../schemas/delivery.schema.js';
import { deliveryDetailView, deliveryView } from '../views/delivery.view.js';
import type { Route } from './route.js';
import { defineRoute } from './route.js';

const ProjectParams = Type.Object({ projectId: ProjectId });
const DeliveryParams = Type.Object({ projectId: ProjectId, deliveryId: DeliveryId });

/** The API admin's routes over the delivery log. */
export const deliveryRoutes: readonly Route[] = [
  defineRoute({
    method: 'get',
    path: '/v1/projects/:projectId/deliveries',
    operationId: 'listDeliveries',
    summary: 'The delivery log, newest first, filtered by webhook, event or status.',
    tag: 'deliveries',
    caller: 'apiAdmin',
    params: ProjectParams,
    query: DeliveryQuery,
    status: 200,
    response: PageOf(DeliveryView),
    handle: async ({ deps, params, query }) => {
      const page = await deps.useCases.deliveryLog.list(
        params.projectId,
        {
          ...(query.webhookId ? { subscriptionId: query.webhookId } : {}),
          ...(query.event ? { eventKey: query.event } : {}),
          ...(query.status ? { status: query.status } : {}),
        },
        { limit: query.limit ?? 20, ...(query.cursor ? { cursor: query.cursor } : {}) },
      );
      return { items: page.items.map(deliveryView), nextCursor: page.nextCursor };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/v1/projects/:projectId/deliveries/resend-failed',
    operationId: 'resendFailedDeliveries',
    summary: 'Queue again every failed delivery created since a time (of one webhook, if given).',
    tag: 'deliveries',
    caller: 'apiAdmin',
    params: ProjectParams,
    body: ResendFailedBody,
    status: 202,
    response: ResendFailedView,
    handle: async ({ deps, params, body }) =>
      deps.useCases.deliveryLog.resendFailed(params.projectId, { since: new Date(body.since), ...(body.webhookId ? { webhookId: body.webhookId } : {}) }),
  }),
  defineRoute({
    method: 'get',
    path: '/v1/projects/:projectId/deliveries/:deliveryId',
    operationId: 'getDelivery',
    summary: 'One delivery with its payload and every attempt.',
    tag: 'deliveries',
    caller: 'apiAdmin',
    params: DeliveryParams,
    status: 200,
    response: DeliveryDetailView,
    outcomes: [404],
    handle: async ({ deps, params }) => deliveryDetailView(unwrap(await deps.useCases.deliveryLog.get(params.projectId, params.deliveryId))),
  }),
  defineRoute({
    method: 'post',
    path: '/v1/projects/:projectId/deliveries/:deliveryId/resend',
    operationId: 'resendDelivery',
    summary: 'Queue a delivery again, due now, with a new round of attempts.',
    tag: 'deliveries',
    caller: 'apiAdmin',
    params: DeliveryParams,
    status: 202,
    response: DeliveryDetailView,
    outcomes: [404],
    handle: async ({ deps, params }) => deliveryDetailView(unwrap(await deps.useCases.deliveryLog.resend(params.projectId, params.deliveryId))),
  }),
];
