import type { Static, TObject, TSchema } from '@sinclair/typebox';
import type { Principal } from '@webhooks/domain';
import type { Logger } from 'pino';
import type { Caller } from '../auth/caller.js';
import type { HttpDeps } from '../http-deps.js';

/** HTTP methods the API uses. */
type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

/** A success status a route answers with. */
type SuccessStatus = 200 | 201 | 202 | 204;

/** Static of an optional schema; `None` when there is none. */
type StaticOf<S, None = Record<string, never>> = [S] extends [TSchema] ? Static<S> : None;

/** What a handler gets: the validated parts of the request, and who is calling. */
export interface RouteInput<P, Q, B> {
  readonly deps: HttpDeps;
  readonly params: P;
  readonly query: Q;
  readonly body: B;
  /** Null on routes open to anyone. */
  readonly principal: Principal | null;
  /** When the request arrived (from the deps' clock). */
  readonly receivedAt: Date;
  /** The request's logger (its request id bound). */
  readonly log: Logger;
}

/**
 * One route, described once: its path and caller, the schemas of its parameters, query, body and
 * answer — used both to validate and to write the OpenAPI document — and its handler.
 */
export interface RouteSpec<P extends TObject | undefined, Q extends TObject | undefined, B extends TSchema | undefined, R extends TSchema | undefined> {
  readonly method: Method;
  /** Koa style: `/v1/projects/:projectId`. */
  readonly path: string;
  readonly operationId: string;
  readonly summary: string;
  readonly description?: string;
  readonly tag: string;
  readonly caller: Caller;
  readonly params?: P;
  /**
   * What a malformed path parameter answers: 404 (no such thing can exist, the default) or 422
   * (routes whose id the caller chooses, such as PUT of a form).
   */
  readonly paramErrors?: 'not_found' | 'invalid';
  readonly query?: Q;
  readonly body?: B;
  readonly status: SuccessStatus;
  readonly response?: R;
  /** The response content type, when not JSON (the body is then a string, or a stream of it). */
  readonly produces?: string;
  /** Headers of every success answer (`cache-control` of a stream, …). */
  readonly headers?: Readonly<Record<string, string>>;
  /** Domain outcomes the route may answer besides validation: 404 not found, 409 conflict, 503 not ready. */
  readonly outcomes?: readonly (404 | 409 | 503)[];
  readonly handle: (input: RouteInput<NoInfer<StaticOf<P>>, NoInfer<StaticOf<Q>>, NoInfer<StaticOf<B>>>) => Promise<NoInfer<StaticOf<R, void>>>;
}

/** A route with its types erased, as the router and the OpenAPI writer see it. */
export interface Route extends Omit<RouteSpec<TObject | undefined, TObject | undefined, TSchema | undefined, TSchema | undefined>, 'handle'> {
  readonly handle: (input: RouteInput<unknown, unknown, unknown>) => Promise<unknown>;
}

/** Declares a route; the handler's input and output are typed by the route's schemas. */
export function defineRoute<
  P extends TObject | undefined = undefined,
  Q extends TObject | undefined = undefined,
  B extends TSchema | undefined = undefined,
  R extends TSchema | undefined = undefined,
>(spec: RouteSpec<P, Q, B, R>): Route {
  // The router validates params, query and body against these very schemas before calling.
  return spec as unknown as Route;
}
