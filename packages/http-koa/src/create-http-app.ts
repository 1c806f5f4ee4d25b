import Koa from 'koa';
import type { HttpDeps } from './http-deps.js';
import type { RequestState } from './middleware/request-scope.middleware.js';
import { requestScope } from './middleware/request-scope.middleware.js';
import { problems } from './problems/http-problem.js';
import { ROUTES } from './routes/all-routes.js';
import { mountRoutes } from './routes/mount-routes.js';

/**
 * The Koa app serving the public HTTP contract: every route of {@link ROUTES}, behind one first
 * middleware that gives each request an id, logs and measures it, and answers every error as
 * `application/problem+json`.
 */
export function createHttpApp(deps: HttpDeps): Koa<RequestState> {
  const app = new Koa<RequestState>();
  // Errors are answered and logged by requestScope; Koa's own printing would only repeat them.
  app.silent = true;
  const router = mountRoutes(ROUTES, deps);
  app.use(requestScope(deps));
  app.use(router.routes());
  app.use(router.allowedMethods({ throw: true, methodNotAllowed: () => problems.methodNotAllowed(), notImplemented: () => problems.methodNotAllowed() }));
  return app;
}
