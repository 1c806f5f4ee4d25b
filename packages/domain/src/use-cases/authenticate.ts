import type { Storage } from '../ports/storage.port.js';
import { hashKey, sameSecret } from './keys.js';

/** Who is calling, once the bearer token is known. */
export type Principal =
  | { readonly kind: 'operator' }
  | { readonly kind: 'platform'; readonly projectId: string }
  | {
      readonly kind: 'admin';
      readonly projectId: string;
      readonly adminId: string;
      /** Only an active API admin may configure webhooks and read the delivery log. */
      readonly apiAdmin: boolean;
    };

/**
 * Turns a bearer token into a principal, or null for a missing or unknown token. Nothing is
 * cached: a key rotated or revoked is refused by every request that arrives after the change.
 */
export class Authenticate {
  constructor(private readonly deps: { readonly storage: Storage; readonly operatorToken: string }) {}

  /** The principal behind `token`; revoked (inactive) admins and unknown keys get null. */
  async execute(token: string | undefined): Promise<Principal | null> {
    if (!token) return null;
    if (!token.startsWith('pk_') && !token.startsWith('ak_')) return sameSecret(token, this.deps.operatorToken) ? { kind: 'operator' } : null;
    return this.lookup(token);
  }

  private async lookup(token: string): Promise<Principal | null> {
    const hash = hashKey(token);
    if (token.startsWith('pk_')) {
      const project = await this.deps.storage.projects.findByPlatformKeyHash(hash);
      return project ? { kind: 'platform', projectId: project.id } : null;
    }
    const admin = await this.deps.storage.admins.findByApiKeyHash(hash);
    if (!admin?.active) return null;
    return { kind: 'admin', projectId: admin.projectId, adminId: admin.id, apiAdmin: admin.apiAdmin };
  }
}
