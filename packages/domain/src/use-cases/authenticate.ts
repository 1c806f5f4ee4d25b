import type { Storage } from '../ports/stores.port.js';
import { hashKey, sameSecret } from './keys.js';
import { SharedReads } from './shared-reads.js';

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
 * Turns a bearer token into a principal, or null for a missing or unknown token.
 *
 * Lookups of one key are shared (SharedReads: one read at a time per key): a lookup that
 * arrives while a round for its key runs waits for the next round, which reads the key once for
 * everyone waiting. The platform sends many requests at once with its one key, so under load a
 * round answers dozens of requests with one read. Nothing is cached, and every round starts after
 * the requests it answers arrived: a key rotated or revoked is refused by every request that
 * arrives after the change. Keys are grouped apart, so a slow read of one never holds another.
 */
export class Authenticate {
  private readonly reads = new SharedReads<Principal | null>();

  constructor(private readonly deps: { readonly storage: Storage; readonly operatorToken: string }) {}

  /** The principal behind `token`; revoked (inactive) admins and unknown keys get null. */
  async execute(token: string | undefined): Promise<Principal | null> {
    if (!token) return null;
    if (!token.startsWith('pk_') && !token.startsWith('ak_')) return sameSecret(token, this.deps.operatorToken) ? { kind: 'operator' } : null;
    return this.reads.read(token, () => this.lookup(token));
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
