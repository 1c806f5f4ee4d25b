import { sameSecret } from '@webhooks/domain';
import { bearerToken } from './bearer-token.js';

/**
 * Whether a request may read `/metrics`: anyone when no metrics token is set; otherwise only an
 * `Authorization: Bearer <token>` carrying exactly that token (compared in constant time).
 */
export function mayScrape(authorization: string | undefined, metricsToken: string | null | undefined): boolean {
  if (metricsToken === null || metricsToken === undefined) return true;
  const token = bearerToken(authorization);
  return token !== undefined && sameSecret(token, metricsToken);
}
