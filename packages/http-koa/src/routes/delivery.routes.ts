import { Type } from '@sinclair/typebox';
import type { DeliveryFilter } from '@webhooks/domain';
import { unwrap } from '../problems/unwrap-result.js';
import { DeliveryId, PageOf, ProjectId } from '../schemas/common.schema.js';
import {
  DeliveryCountsQuery,
  DeliveryCountsView,
  DeliveryDetailView,
  DeliveryQuery,
  DeliveryView,
  ResendFailedBody,
  ResendFailedView,
} from '../schemas/delivery.schema.js';
import { deliveryDetailView, deliveryView } from '../views/delivery.view.js';
import { iso } from '../views/iso.js';
import type { Route } from './route.js';
import { defineRoute } from './route.js';

const ProjectParams = Type.Object({ projectId: ProjectId });

/** The log's filters as asked (query of the log, body of a bulk resend) → the domain's. */
function logFilter(asked: Omit<DeliveryQuery, 'limit' | 'cursor' | 'status' | 'from'>): DeliveryFilter {
  return {
    ...(asked.webhookId ? { subscriptionId: asked.webhookId } : {}),
    ...(asked.event ? { eventKey: asked.event } : {}),
    ...(asked.to ? { createdBefore: new Date(asked.to) } : {}),
    ...(asked.responseClass ? { responseClass: asked.responseClass } : {}),
    ...(asked.eventId ? { eventId: asked.eventId } : {}),
    ...(asked.applicant ? { applicant: asked.applicant } : {}),
    ...(asked.resentAt ? { resentAt: new Date(asked.resentAt) } : {}),
  };
}

/** Every filter of the log as asked (status and `from` too) → the domain's. */
function fullLogFilter(asked: DeliveryCountsQuery): DeliveryFilter {
  return {
    ...logFilter(asked),
    ...(asked.status ? { status: asked.status } : {}),
    ...(asked.from ? { createdFrom: new Date(asked.from) } : {}),
  };
}
const DeliveryParams = Type.Object({ projectId: ProjectId, deliveryId: DeliveryId });

/** The API admin's routes over the delivery log. */
export const deliveryRoutes: readonly Route[] = [
  defineRoute({
    method: 'get',
    path: '/v1/projects/:projectId/deliveries',
    operationId: 'listDeliveries',
    summary: 'The delivery log, newest first, filtered by webhook, event, status, creation time, response class, event id, applicant or resend.',
    tag: 'deliveries',
    caller: 'apiAdmin',
    params: ProjectParams,
    query: DeliveryQuery,
    status: 200,
    response: PageOf(DeliveryView),
    handle: async ({ deps, params, query }) => {
      const page = await deps.useCases.deliveryLog.listWithRefusals(params.projectId, fullLogFilter(query), {
        limit: query.limit ?? 20,
        ...(query.cursor ? { cursor: query.cursor } : {}),
      });
      return { items: page.items.map((item) => deliveryView(item.delivery, item.resendRefusal)), nextCursor: page.nextCursor };
    },
  }),
  // Before `deliveries/:deliveryId`: `counts` is this route's, not a delivery id.
  defineRoute({
    method: 'get',
    path: '/v1/projects/:projectId/deliveries/counts',
    operationId: 'countDeliveries',
    summary: "The deliveries the log's filters match, counted by status: with `resentAt`, how far a bulk resend has come.",
    description:
      'Takes every filter of `GET …/deliveries` (no paging) and counts what matches by status now: `pending`, `succeeded`, ' +
      '`failed`, `suppressed`, and their `total`. With the `resentAt` a bulk resend answered, it follows the deliveries that ' +
      'resend queued to their outcome: done once `pending` is 0.',
    tag: 'deliveries',
    caller: 'apiAdmin',
    params: ProjectParams,
    query: DeliveryCountsQuery,
    status: 200,
    response: DeliveryCountsView,
    handle: async ({ deps, params, query }) => ({ ...(await deps.useCases.deliveryLog.counts(params.projectId, fullLogFilter(query))) }),
  }),
  defineRoute({
    method: 'post',
    path: '/v1/projects/:projectId/deliveries/resend-failed',
    operationId: 'resendFailedDeliveries',
    summary: "Queue again every failed delivery the log's filters match (created since a time, when given), skipping what may not be resent; or only count them.",
    description:
      'Applies the rules of a single resend to each failed delivery: records of interactive calls, deliveries the rules ' +
      'suppressed (API origin, remember me), and deliveries of deleted or disabled webhooks are skipped and counted by ' +
      'reason; the others are queued again. Takes the filters of `GET …/deliveries` (`webhookId`, `event`, `to`, ' +
      '`responseClass`, `eventId`, `applicant`, `resentAt`) and `since` (created at or after; absent: however old); ' +
      '`dryRun: true` only counts (nothing is queued), so a page can say how many before it starts. Every delivery queued ' +
      'is resent at one time, answered as `resentAt`: `GET …/deliveries/counts?resentAt=…` follows them to their outcome. ' +
      'Works for any number of failures.',
    tag: 'deliveries',
    caller: 'apiAdmin',
    params: ProjectParams,
    body: ResendFailedBody,
    status: 202,
    response: ResendFailedView,
    handle: async ({ deps, params, body }) => {
      const done = await deps.useCases.deliveryLog.resendFailed(params.projectId, {
        ...(body.since ? { createdFrom: new Date(body.since) } : {}),
        ...logFilter(body),
        dryRun: body.dryRun === true,
      });
      return { dryRun: done.dryRun, queued: done.queued, skipped: done.skipped, skippedByReason: { ...done.skippedByReason }, resentAt: iso(done.resentAt) };
    },
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
    summary: 'Queue a delivery again, due now, with a new round of attempts — unless the resend rules refuse it (409).',
    description:
      'A resend delivers again what the rules decided to send. It is refused at once with 409, `reason` naming why and ' +
      '`detail` what to do: `interactive_call` (the record of a form_load / form_preprocess / form_submit call, not a ' +
      'delivery), `api_origin` or `remember_me` (the rules suppressed it: it never fires), `family_only`, ' +
      '`webhook_deleted` (create a new webhook), `webhook_disabled` (enable it again, then resend). Deliveries held or ' +
      'suppressed for want of an API admin (`no_api_admin`), or while their webhook was disabled ' +
      '(`subscription_disabled`), may be resent once it is enabled.',
    tag: 'deliveries',
    caller: 'apiAdmin',
    params: DeliveryParams,
    status: 202,
    response: DeliveryDetailView,
    outcomes: [404, 409],
    handle: async ({ deps, params }) => deliveryDetailView(unwrap(await deps.useCases.deliveryLog.resend(params.projectId, params.deliveryId))),
  }),
];
