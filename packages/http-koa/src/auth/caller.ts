import type { Principal } from '@webhooks/domain';
import { problems } from '../problems/http-problem.js';

/**
 * Who may call a route: anyone, the operator, the project's platform, an API admin of the project,
 * or a metrics scraper (anyone unless `METRICS_TOKEN` is set; then a bearer with that token).
 */
export type Caller = 'anyone' | 'scraper' | 'operator' | 'platform' | 'apiAdmin';

/**
 * Checks that `principal` may call a route meant for `caller` on `projectId` (the route's
 * `:projectId`, when it has one), or throws: no principal → 401; a key of another project → 404,
 * the very answer an unknown project gets, so ids do not leak; the wrong role, or an admin who is
 * no API admin → 403.
 */
export function admit(caller: Exclude<Caller, 'anyone' | 'scraper'>, principal: Principal | null, projectId: string | undefined): Principal {
  if (principal === null) throw problems.unauthorized();
  if (principal.kind !== 'operator' && projectId !== undefined && principal.projectId !== projectId) throw problems.notFound('project');
  switch (caller) {
    case 'operator':
      if (principal.kind !== 'operator') throw problems.forbidden('this route is for the operator');
      return principal;
    case 'platform':
      if (principal.kind !== 'platform') throw problems.forbidden("this route is for the project's platform key");
      return principal;
    case 'apiAdmin':
      if (principal.kind !== 'admin') throw problems.forbidden("this route is for the project's API admins");
      if (!principal.apiAdmin) throw problems.forbidden('this admin is not an API admin of the project');
      return principal;
  }
}
