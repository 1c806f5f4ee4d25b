import type { Middleware } from 'koa';
import type { Logger } from 'pino';
import type { WebhookMetrics } from '../metrics/create-metrics.js';
import { problems } from '../problems/http-problem.js';
import { toProblem } from '../problems/to-problem.js';
import { REDACT_PATHS } from './log-redaction.js';
import { requestIdOf } from './request-id.js';

/** Health, readiness and metrics: logged at debug when they answer 2xx/3xx (at info otherwise). */
const PROBE_ROUTES: ReadonlySet<string> = new Set(['/health', '/ready', '/metrics']);

/** What every request carries through the middleware. */
export interface RequestState {
  readonly requestId: string;
  readonly log: Logger;
}

/**
 * The first middleware: gives the request its id (echoed in `x-request-id`) and a child logger,
 * sets `X-Content-Type-Options: nosniff` on every answer,
 * turns every error into an `application/problem+json` answer — an unknown error is logged with
 * the request id and answered with a bare 500 — and logs and measures every request with its
 * route pattern, status and duration (probes that answer well at debug, every other request at
 * info). Headers and bodies are never logged.
 */
export function requestScope(deps: { readonly logger: Logger; readonly metrics: WebhookMetrics }): Middleware<RequestState> {
  // Redaction is compiled once here; each request's child inherits it (a child with its own
  // redact option would compile it again on every request).
  const redacting = deps.logger.child({}, { redact: [...REDACT_PATHS] });
  return async (ctx, next) => {
    const started = process.hrtime.bigint();
    const requestId = requestIdOf(ctx.get('x-request-id') || undefined);
    const log = redacting.child({ requestId });
    ctx.state = { requestId, log };
    ctx.set('x-request-id', requestId);
    // No answer of this API is to be read as anything but its declared type, errors included.
    ctx.set('X-Content-Type-Options', 'nosniff');
    try {
      await next();
      if (ctx.status === 404 && ctx.body == null) throw problems.notFound('route');
    } catch (error) {
      const problem = toProblem(error);
      if (problem.status === 500) log.error({ err: error, method: ctx.method, path: ctx.path }, 'request failed');
      else if (problem.slug === 'storage-unavailable') log.warn({ err: error, method: ctx.method, path: ctx.path }, 'database unavailable');
      // A client that stopped reading leaves nothing to answer.
      if (!ctx.headerSent) {
        ctx.set(problem.headers);
        if (problem.status === 413) ctx.set('Connection', 'close');
        ctx.status = problem.status;
        ctx.body = problem.body(requestId);
        ctx.type = 'application/problem+json';
      }
    } finally {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const route = routeOf(ctx);
      deps.metrics.httpRequestDuration.observe({ method: ctx.method, route, status: String(ctx.status) }, seconds);
      // Probes answered as expected come every few seconds from every scraper and kubelet: debug.
      const level = PROBE_ROUTES.has(route) && ctx.status < 400 ? 'debug' : 'info';
      log[level]({ method: ctx.method, route, path: ctx.path, status: ctx.status, durationMs: Math.round(seconds * 1e6) / 1e3 }, 'request');
    }
  };
}

/** The matched route pattern (low cardinality), or `unmatched`. */
function routeOf(ctx: object): string {
  const route: unknown = (ctx as { readonly _matchedRoute?: unknown })._matchedRoute;
  return typeof route === 'string' ? route : 'unmatched';
}
