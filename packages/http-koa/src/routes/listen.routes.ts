import type { Readable } from 'node:stream';
import { Type } from '@sinclair/typebox';
import { unwrap } from '../problems/unwrap-result.js';
import { ProjectId } from '../schemas/common.schema.js';
import { ListenQuery } from '../schemas/listen.schema.js';
import { eventStream } from '../sse/event-stream.js';
import type { Route } from './route.js';
import { defineRoute } from './route.js';

/** How often an idle listen stream sends a comment line. */
const LISTEN_HEARTBEAT_MS = 15_000;

/** `webhooks listen`: a project's events, live, to an API admin. */
export const listenRoutes: readonly Route[] = [
  defineRoute({
    method: 'get',
    path: '/v1/projects/:projectId/listen',
    operationId: 'listenToEvents',
    summary: 'The project’s notify events as they happen, as server-sent events (what `webhooks listen` forwards to a local URL).',
    description:
      'A `text/event-stream` that never ends by itself: first an `event: ready` message (data: `{ projectId, events }`) once the listener is registered, then ' +
      'one `event: webhook` message per event recorded from then on (`id:` the event id; data: a `LiveEvent`, whose `body` is the exact request body a webhook ' +
      'of the event is sent), and a `: keep-alive` comment every 15 s. Events are forwarded whether or not a webhook subscribes to them, at most once: what ' +
      'happens while no listener is connected is not kept for it. The service never connects anywhere for a listener: the listener reads this stream.',
    tag: 'webhooks',
    caller: 'apiAdmin',
    params: Type.Object({ projectId: ProjectId }),
    query: ListenQuery,
    status: 200,
    response: Type.Unsafe<Readable>({ type: 'string', description: 'Server-sent events: `ready`, then `webhook` messages whose data is a `LiveEvent` (see components.schemas.LiveEvent).' }),
    produces: 'text/event-stream',
    headers: { 'cache-control': 'no-cache', 'x-accel-buffering': 'no' },
    outcomes: [404],
    handle: async ({ deps, params, query, log }) => {
      const keys = query.events.split(',');
      const subscription = unwrap(await deps.useCases.listen.open(params.projectId, keys));
      const events = [...new Set(keys.map((k) => k.trim()).filter((k) => k !== ''))];
      return eventStream(subscription, { ready: { projectId: params.projectId, events }, heartbeatMs: LISTEN_HEARTBEAT_MS, shutdown: deps.shutdown, log });
    },
  }),
];
