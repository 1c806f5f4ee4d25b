import type { Project, SystemKind } from '@webhooks/domain';
import type { Selectable } from 'kysely';

/** The `projects` table: one row per tenant. */
export interface ProjectTable {
  id: string;
  name: string;
  system: SystemKind;
  platform_key_hash: string;
  created_at: Date;
}

/** A row of `projects` as selected. */
export type ProjectRow = Selectable<ProjectTable>;

/** Maps a domain project to its row. */
export const projectToRow = (p: Project): ProjectRow => ({
  id: p.id,
  name: p.name,
  system: p.system,
  platform_key_hash: p.platformKeyHash,
  created_at: p.createdAt,
});

/** Maps a row back to the domain project. */
export const rowToProject = (r: ProjectRow): Project => ({
  id: r.id,
  name: r.name,
  system: r.system,
  platformKeyHash: r.platform_key_hash,
  createdAt: r.created_at,
});
