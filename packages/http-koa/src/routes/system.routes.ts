import { Type } from '@sinclair/typebox';
import { EVENT_CATALOG } from '@webhooks/domain';
import { problems } from '../problems/http-problem.js';
import { EventTypesView, StatusView } from '../schemas/system.schema.js';
import { eventTypeView } from '../views/event-type.view.js';
import type { Route } from './route.js';
import { defineRoute } from './route.js';

/** Liveness, readiness, metrics and the event catalog: open to anyone. */
export const systemRoutes: readonly Route[] = [
  defineRoute({
    method: 'get',
    path: '/health',
    operationId: 'health',
    summary: 'Liveness: the process answers.',
    tag: 'system',
    caller: 'anyone',
    status: 200,
    response: StatusView,
    handle: async () => ({ status: 'ok' as const }),
  }),
  defineRoute({
    method: 'get',
    path: '/ready',
    operationId: 'ready',
    summary: 'Readiness: the database answers (503 otherwise).',
    tag: 'system',
    caller: 'anyone',
    status: 200,
    response: StatusView,
    outcomes: [503],
    handle: async ({ deps, log }) => {
      const ready = await deps.ready().catch((error: unknown) => {
        log.warn({ err: error }, 'readiness check failed');
        return false;
      });
      if (!ready) throw problems.notReady();
      return { status: 'ready' as const };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/metrics',
    operationId: 'metrics',
    summary: 'Prometheus metrics (bind privately; with METRICS_TOKEN set, a bearer token is required).',
    tag: 'system',
    caller: 'scraper',
    status: 200,
    response: Type.String({ description: 'The Prometheus text format.' }),
    produces: 'text/plain; version=0.0.4; charset=utf-8',
    handle: async ({ deps }) => deps.registry.metrics(),
  }),
  defineRoute({
    method: 'get',
    path: '/v1/event-types',
    operationId: 'listEventTypes',
    summary: 'The event catalog: each key or key pattern, its topic, mode, payload fields, a sample payload, and for interactive events what may be answered.',
    tag: 'system',
    caller: 'anyone',
    status: 200,
    response: EventTypesView,
    handle: async () => ({
      items: EVENT_CATALOG.map((t) => eventTypeView(t)),
      nextCursor: null,
    }),
  }),
];
