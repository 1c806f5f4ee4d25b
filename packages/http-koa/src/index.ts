/**
 * The Koa HTTP adapter of the webhook service: the public API of `spec/http-api.md`, validated
 * and documented (OpenAPI 3.1) from one set of TypeBox schemas, with problem+json errors,
 * structured logs and Prometheus metrics.
 */
export { createHttpApp } from './create-http-app.js';
export type { HttpDeps, HttpUseCases } from './http-deps.js';
export { createMetrics } from './metrics/create-metrics.js';
export type { MetricsOptions, QueueGauges, WebhookMetrics } from './metrics/create-metrics.js';
export { openApiDocument, ROUTES, WEBHOOKS } from './routes/all-routes.js';
export { webhookName } from './openapi/build-openapi.js';
export type { OpenApiDocument, OpenApiOptions, WebhookSpec } from './openapi/build-openapi.js';
export type { Route, RouteInput, RouteSpec } from './routes/route.js';
export type { Caller } from './auth/caller.js';
export { mayScrape } from './auth/scrape-access.js';
export { HttpProblem, PROBLEM_TYPE_PREFIX } from './problems/http-problem.js';
export type { ProblemBody } from './problems/http-problem.js';
export type { RequestState } from './middleware/request-scope.middleware.js';
export { REDACT_PATHS } from './middleware/log-redaction.js';
export { DEFAULT_MAX_BODY_BYTES } from './body/read-json-body.js';
export * as schemas from './schemas/index.js';
