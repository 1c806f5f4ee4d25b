import type { Admin } from '@webhooks/domain';
import type { Selectable } from 'kysely';

/** The `admins` table: admins of a project and the hash of their API key. */
export interface AdminTable {
  id: string;
  project_id: string;
  email: string;
  api_admin: boolean;
  active: boolean;
  api_key_hash: string | null;
  created_at: Date;
}

/** A row of `admins` as selected. */
export type AdminRow = Selectable<AdminTable>;

/** Maps a domain admin to its row. */
export const adminToRow = (a: Admin): AdminRow => ({
  id: a.id,
  project_id: a.projectId,
  email: a.email,
  api_admin: a.apiAdmin,
  active: a.active,
  api_key_hash: a.apiKeyHash,
  created_at: a.createdAt,
});

/** Maps a row back to the domain admin. */
export const rowToAdmin = (r: AdminRow): Admin => ({
  id: r.id,
  projectId: r.project_id,
  email: r.email,
  apiAdmin: r.api_admin,
  active: r.active,
  apiKeyHash: r.api_key_hash,
  createdAt: r.created_at,
});
