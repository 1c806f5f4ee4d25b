import type { TObject, TSchema } from '@sinclair/typebox';
import { OptionalKind } from '@sinclair/typebox';
import type { EventType } from '@webhooks/domain';
import type { Caller } from '../auth/caller.js';
import type { Route } from '../routes/route.js';
import { ConflictProblem, Problem, ValidationProblem } from '../schemas/problem.schema.js';
import { holdsSecret } from '../schemas/secret-field.js';
import { toJsonSchema } from './to-json-schema.js';

/** Options of the OpenAPI document. */
export interface OpenApiOptions {
  /** Written as the document's server. */
  readonly publicBaseUrl?: string;
  /** The API version; `1.0.0` when left out. */
  readonly version?: string;
}

/** One outgoing webhook of the document: a catalog row, the schema of its payload and, for interactive events, of the answer. */
export interface WebhookSpec {
  readonly type: EventType;
  readonly payload: TSchema;
  readonly answer: TSchema | null;
}

/** An OpenAPI 3.1 document (plain JSON). */
export type OpenApiDocument = Record<string, unknown> & { readonly openapi: '3.1.0'; readonly paths: Record<string, Record<string, unknown>> };

/** The security requirement of each caller; a scraper needs the metrics token only when one is set. */
const SECURITY: Record<Caller, readonly Record<string, string[]>[]> = {
  anyone: [],
  scraper: [{}, { metrics: [] }],
  operator: [{ operator: [] }],
  platform: [{ platform: [] }],
  apiAdmin: [{ apiAdmin: [] }],
};

const ERRORS = {
  400: ['MalformedJson', 'The body is not valid JSON, is not UTF-8 (`invalid-encoding`: never read with replacement characters), or was not received in full.', Problem],
  401: ['Unauthorized', 'No bearer token, or an unknown one. Answered with `WWW-Authenticate: Bearer`.', Problem],
  403: ['Forbidden', 'A valid key of the wrong role (for example an admin who is not an API admin).', Problem],
  404: ['NotFound', "Unknown id — or a key of another project: the very same answer, so ids do not leak.", Problem],
  409: ['Conflict', 'A conflict: `detail` says what is in the way and what to do, `reason` names it for machines (a refused resend, an id repeated with another body, a form still in use, a URL taken — `existingId` then names the webhook).', ConflictProblem],
  413: ['ContentTooLarge', 'The body is larger than the limit (256 KiB by default).', Problem],
  415: ['UnsupportedMediaType', 'The body is not `application/json` (UTF-8, no content encoding).', Problem],
  422: ['ValidationFailed', 'Fields failed validation (the schema, or the domain rules); `errors` names each one.', ValidationProblem],
  500: ['InternalError', 'A bug or broken infrastructure: no detail, only the request id to find it in the logs.', Problem],
  503: ['Unavailable', 'The service cannot reach its database (`/ready` while it is down; any other route whose database call failed for that reason: nothing was done). Answered with `Retry-After`; try again.', Problem],
} as const satisfies Record<number, readonly [string, string, TSchema]>;

/** Headers of every answer. */
const COMMON_HEADERS = {
  'x-request-id': { $ref: '#/components/headers/RequestId' },
  'X-Content-Type-Options': { $ref: '#/components/headers/ContentTypeOptions' },
} as const;

/**
 * Writes the OpenAPI 3.1 document of `routes` from the very schemas that validate them:
 * paths, parameters, request bodies, responses (problem+json errors included), the bearer
 * security schemes of the callers, and the `webhooks` the service sends (`webhooks`: one per
 * catalog row, with the Standard Webhooks headers, the payload and, for interactive events, the answer).
 */
export function buildOpenApi(
  routes: readonly Route[],
  named: Readonly<Record<string, TSchema>>,
  webhooks: readonly WebhookSpec[],
  options: OpenApiOptions = {},
): OpenApiDocument {
  const names = new Map<object, string>(Object.entries({ ...named, Problem, ValidationProblem, ConflictProblem }).map(([name, schema]) => [schema, name]));
  const schema = (s: TSchema) => toJsonSchema(s, names);
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const path = route.path.replace(/:(\w+)/g, '{$1}');
    paths[path] ??= {};
    paths[path][route.method] = {
      operationId: route.operationId,
      summary: route.summary,
      ...(route.description ? { description: route.description } : {}),
      tags: [route.tag],
      security: SECURITY[route.caller],
      parameters: [...parameters(route.params, 'path', schema), ...parameters(route.query, 'query', schema)],
      ...(route.body ? { requestBody: { required: true, content: { 'application/json': { schema: schema(route.body) } } } } : {}),
      responses: { ...success(route, schema), ...errorRefs(route) },
    };
  }
  return {
    openapi: '3.1.0',
    jsonSchemaDialect: 'https://spec.openapis.org/oas/3.1/dialect/base',
    info: {
      title: 'Webhook service',
      version: options.version ?? '1.0.0',
      description:
        'Webhooks for a registration platform. Errors are `application/problem+json` (RFC 9457): 400 for malformed JSON or a body that is not UTF-8, ' +
        '422 for fields that fail the schema or the domain rules (with `errors: [{ path, message }]`), 401 without a valid ' +
        'bearer token, 403 for the wrong role, 404 for unknown ids and for ids of another project, 409 for conflicts, ' +
        '413 past the body limit, 415 for a body that is not JSON.',
    },
    servers: [
      options.publicBaseUrl
        ? { url: options.publicBaseUrl }
        : { url: '/', description: 'The service that serves this document (`PUBLIC_BASE_URL` names it; `npm start` listens on http://127.0.0.1:8080).' },
    ],
    tags: [
      { name: 'system', description: 'Health, readiness, metrics, the event catalog.' },
      { name: 'projects', description: 'The operator: projects and their admins.' },
      { name: 'platform', description: 'The registration platform: forms, triggers, activities, interactive moments.' },
      { name: 'webhooks', description: "A project's API admins: webhooks." },
      { name: 'deliveries', description: "A project's API admins: the delivery log." },
      { name: 'events', description: 'What the service sends to subscribers: one webhook per event of the catalog, signed per Standard Webhooks.' },
    ],
    paths,
    webhooks: Object.fromEntries(webhooks.map((w) => [webhookName(w.type), { post: webhookOperation(w, schema) }])),
    components: {
      schemas: Object.fromEntries([...names].map(([s, name]) => [name, toJsonSchema(s as TSchema, names, s)])),
      responses: Object.fromEntries(
        Object.values(ERRORS).map(([name, description, body]) => [
          name,
          {
            description,
            headers: {
              ...COMMON_HEADERS,
              ...(name === 'Unauthorized' ? { 'WWW-Authenticate': { schema: { type: 'string' }, description: '`Bearer realm="webhooks"`' } } : {}),
            },
            content: { 'application/problem+json': { schema: schema(body) } },
          },
        ]),
      ),
      parameters: SIGNATURE_HEADERS,
      headers: {
        RequestId: {
          description: "The request's id: the caller's `x-request-id` when sane (1–128 of `A-Za-z0-9._:-`), else a new UUID.",
          schema: { type: 'string' },
        },
        ContentTypeOptions: { description: '`nosniff`, on every answer (errors included).', schema: { type: 'string', const: 'nosniff' } },
        NoStore: { description: '`no-store`, on every answer that holds a key or secret (fields marked `x-secret`).', schema: { type: 'string', const: 'no-store' } },
      },
      securitySchemes: {
        operator: { type: 'http', scheme: 'bearer', description: 'The `OPERATOR_TOKEN` the service was started with.' },
        platform: { type: 'http', scheme: 'bearer', bearerFormat: 'pk_…', description: "The project's platform key, returned once when the project is created." },
        apiAdmin: { type: 'http', scheme: 'bearer', bearerFormat: 'ak_…', description: "An API admin's key, returned once when it is issued." },
        metrics: { type: 'http', scheme: 'bearer', description: 'The `METRICS_TOKEN` the service was started with; `/metrics` is open when none is set.' },
      },
    },
  };
}

/** The Standard Webhooks headers every outgoing request carries. */
const SIGNATURE_HEADERS = {
  WebhookId: {
    name: 'webhook-id',
    in: 'header',
    required: true,
    description: "The event's id (`msg_…`): the same on every attempt and resend of the event, so receivers can drop duplicates.",
    schema: { type: 'string' },
  },
  WebhookTimestamp: {
    name: 'webhook-timestamp',
    in: 'header',
    required: true,
    description: 'When this attempt was signed, in Unix seconds: refuse a timestamp too far from your clock (replays).',
    schema: { type: 'string', pattern: '^[0-9]+$' },
  },
  WebhookSignature: {
    name: 'webhook-signature',
    in: 'header',
    required: true,
    description:
      'Space-separated `v1,<base64 HMAC-SHA256>` signatures of `{webhook-id}.{webhook-timestamp}.{body}`, keyed by the base64 part of the ' +
      "webhook's `whsec_` secret; while a rotated-out secret still signs, one signature per active secret. Any one verifying is enough.",
    schema: { type: 'string', pattern: '^v1,[A-Za-z0-9+/=]+( v1,[A-Za-z0-9+/=]+)*$' },
  },
} as const;

/**
 * The name of a catalog row in `webhooks`: its key, a per-form key written with the product's
 * `*` (`form_submit_*`) — `{form}` would read as a path template.
 */
export function webhookName(type: EventType): string {
  return type.key.replace('{form}', '*');
}

/** The operation of one outgoing webhook: headers, payload, and what the receiver answers. */
function webhookOperation(webhook: WebhookSpec, schema: (s: TSchema) => unknown): Record<string, unknown> {
  const { type } = webhook;
  const words = type.key.replace(/[{}]/g, '').split('_');
  const interactive = type.mode === 'interactive';
  const perForm = type.formPrefix === null ? '' : ` Subscriptions name a concrete key: \`${type.formPrefix}<formId>\`.`;
  return {
    operationId: `${words.map((w, i) => (i === 0 ? w : w.charAt(0).toUpperCase() + w.slice(1))).join('')}Event`,
    summary: `${type.key} (${type.mode}${type.familyOnly ? ', family systems only' : ''})`,
    description:
      type.description +
      perForm +
      (interactive
        ? ' Called while the user waits, under the webhook timeout and one deadline for every subscriber of the moment; not retried.'
        : ' Delivered at least once: retried on the schedule until a 2xx, so drop repeats by `webhook-id`.'),
    tags: ['events'],
    security: [],
    parameters: Object.keys(SIGNATURE_HEADERS).map((name) => ({ $ref: `#/components/parameters/${name}` })),
    requestBody: { required: true, content: { 'application/json': { schema: schema(webhook.payload) } } },
    responses:
      interactive && webhook.answer
        ? {
            '200': { description: 'The answer (any 2xx; an empty body is an empty answer).', content: { 'application/json': { schema: schema(webhook.answer) } } },
            default: {
              description: 'Any other status, a timeout or an invalid answer is a failure: with the `open` policy the decision goes on without it, with `closed` the submission stops.',
            },
          }
        : {
            '2XX': { description: 'Received: any 2xx within the timeout acknowledges the delivery (the body is kept, capped, in the log).' },
            '410': { description: 'Gone: the webhook is disabled; nothing more is sent to it.' },
            default: { description: 'Any other answer, a redirect or no answer within the timeout: retried on the schedule (`Retry-After` honoured within bounds).' },
          },
  };
}

function parameters(object: TObject | undefined, where: 'path' | 'query', schema: (s: TSchema) => unknown): unknown[] {
  if (!object) return [];
  return Object.entries(object.properties).map(([name, property]) => ({
    name,
    in: where,
    required: where === 'path' || !(OptionalKind in property),
    schema: schema(property),
  }));
}

function success(route: Route, schema: (s: TSchema) => unknown): Record<string, unknown> {
  const headers = { ...COMMON_HEADERS, ...(route.response && holdsSecret(route.response) ? { 'Cache-Control': { $ref: '#/components/headers/NoStore' } } : {}) };
  const description = { 200: 'OK', 201: 'Created', 202: 'Accepted', 204: 'No Content' }[route.status];
  const content = route.response ? { content: { [route.produces ?? 'application/json']: { schema: schema(route.response) } } } : {};
  return { [route.status]: { description, headers, ...content } };
}

/** The error answers a route may give, as references to the shared responses. */
function errorRefs(route: Route): Record<string, unknown> {
  const hasBody = route.body !== undefined;
  const statuses = new Set<keyof typeof ERRORS>([500, ...(route.outcomes ?? [])]);
  const authenticated = route.caller !== 'anyone' && route.caller !== 'scraper';
  // Every authenticated route reads the database (the key, at least).
  if (authenticated) statuses.add(503);
  if (hasBody) [400, 413, 415, 422].forEach((s) => statuses.add(s as 400 | 413 | 415 | 422));
  if (route.query || route.paramErrors === 'invalid') statuses.add(422);
  if (authenticated) [401, 403].forEach((s) => statuses.add(s as 401 | 403));
  if (route.caller === 'scraper') statuses.add(401);
  if (route.params) statuses.add(404);
  return Object.fromEntries([...statuses].sort().map((s) => [String(s), { $ref: `#/components/responses/${ERRORS[s][0]}` }]));
}
