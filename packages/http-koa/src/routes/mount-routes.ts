import type { IncomingMessage } from 'node:http';
import Router from '@koa/router';
import type { TObject, TSchema } from '@sinclair/typebox';
import { unsafeText } from '@webhooks/domain';
import type { Principal } from '@webhooks/domain';
import { bearerToken } from '../auth/bearer-token.js';
import { admit } from '../auth/caller.js';
import { mayScrape } from '../auth/scrape-access.js';
import { DEFAULT_MAX_BODY_BYTES, readJsonBody } from '../body/read-json-body.js';
import { holdsSecret } from '../schemas/secret-field.js';
import type { HttpDeps } from '../http-deps.js';
import type { RequestState } from '../middleware/request-scope.middleware.js';
import { problems } from '../problems/http-problem.js';
import type { QueryValidator } from '../validation/validator.js';
import { compileQueryValidator, compileValidator } from '../validation/validator.js';
import type { Route } from './route.js';

/** Validates one part of a request, or says nothing is expected there. */
function validatorOf(schema: TSchema | undefined, query = false): QueryValidator<unknown> | null {
  if (schema === undefined) return null;
  return query ? compileQueryValidator(schema as TObject) : compileValidator(schema);
}

/**
 * A router serving `routes`. Every request goes the same way: authenticate and admit the caller
 * (401/403/404), validate path parameters (404, or 422 where the caller chooses the id), the query (422), read
 * and validate the body (415/413/400/422), then the handler; its answer is sent with the route's
 * status, and with `Cache-Control: no-store` when its schema holds a key or secret
 * ({@link holdsSecret}). Unsupported methods on a known path answer 405.
 */
export function mountRoutes(routes: readonly Route[], deps: HttpDeps): Router<RequestState> {
  const router = new Router<RequestState>();
  const limit = deps.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const now = () => deps.clock?.now() ?? new Date();
  for (const route of routes) {
    const params = validatorOf(route.params);
    const query = validatorOf(route.query, true);
    const body = validatorOf(route.body);
    // An answer holding a key or secret must not be kept by a browser or a proxy.
    const noStore = route.response !== undefined && holdsSecret(route.response);
    /** The body, read and validated (415/413/400/422 as problems). */
    const readBody = async (req: IncomingMessage, validate: QueryValidator<unknown>): Promise<unknown> => {
      const raw = await readJsonBody(req, limit);
      if (raw === undefined) throw problems.invalid([{ path: '', message: 'a JSON body is required' }]);
      const unsafe = unsafeText(raw);
      if (unsafe.length > 0) throw problems.invalid(unsafe);
      const parsed = validate(raw);
      if (!parsed.ok) throw problems.invalid(parsed.errors);
      return parsed.value;
    };
    router[route.method](route.path, async (ctx) => {
      const receivedAt = now();
      let principal: Principal | null = null;
      if (route.caller === 'scraper') {
        if (!mayScrape(ctx.get('authorization') || undefined, deps.metricsToken)) throw problems.unauthorized();
      } else if (route.caller !== 'anyone') {
        const found = await deps.useCases.authenticate.execute(bearerToken(ctx.get('authorization') || undefined));
        principal = admit(route.caller, found, ctx.params['projectId']);
      }
      const checkedParams = params?.(ctx.params);
      if (checkedParams && !checkedParams.ok) {
        throw route.paramErrors === 'invalid' ? problems.invalid(checkedParams.errors) : problems.notFound(notFoundWhat(checkedParams.errors[0]?.path));
      }
      // Routes without a query ignore it; those with one refuse text no store can keep.
      const unsafeQuery = query ? unsafeText({ ...ctx.query }) : [];
      if (unsafeQuery.length > 0) throw problems.invalid(unsafeQuery);
      const checkedQuery = query?.(ctx.query, [...new URLSearchParams(ctx.querystring).keys()]);
      if (checkedQuery && !checkedQuery.ok) throw problems.invalid(checkedQuery.errors);
      const checkedBody = body ? await readBody(ctx.req, body) : undefined;
      const result = await route.handle({
        deps,
        params: checkedParams?.value ?? {},
        query: checkedQuery?.value ?? {},
        body: checkedBody,
        principal,
        receivedAt,
        log: ctx.state.log,
      });
      ctx.status = route.status;
      if (noStore) ctx.set('Cache-Control', 'no-store');
      if (route.status !== 204) ctx.body = result;
      if (route.produces) ctx.type = route.produces;
      if (route.headers) ctx.set(route.headers);
    });
  }
  return router;
}

/** What a malformed id says was not found: the parameter's name without `Id` (`webhookId` → webhook). */
function notFoundWhat(param: string | undefined): string {
  return param ? param.replace(/Id$/, '') : 'resource';
}
