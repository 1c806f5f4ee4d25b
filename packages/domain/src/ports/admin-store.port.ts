import type { Admin } from '../model/project.js';

/** Admins and their API keys. */
export interface AdminStore {
  insert(admin: Admin): Promise<void>;
  get(projectId: string, id: string): Promise<Admin | null>;
  update(admin: Admin): Promise<void>;
  delete(projectId: string, id: string): Promise<boolean>;
  findByApiKeyHash(hash: string): Promise<Admin | null>;
  /** Which of these projects have at least one active API admin right now. */
  projectsWithActiveApiAdmin(projectIds: readonly string[]): Promise<ReadonlySet<string>>;
}
