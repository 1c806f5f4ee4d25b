import type { Admin, AdminStore } from '@webhooks/domain';
import type { Kysely } from 'kysely';
import type { Database } from '../database.js';
import { adminToRow, rowToAdmin } from '../tables/admin.table.js';

/** Admins in Postgres. */
export class AdminRepository implements AdminStore {
  constructor(private readonly db: Kysely<Database>) {}

  async insert(admin: Admin): Promise<void> {
    await this.db.insertInto('admins').values(adminToRow(admin)).execute();
  }

  async get(projectId: string, id: string): Promise<Admin | null> {
    const row = await this.db.selectFrom('admins').selectAll().where('project_id', '=', projectId).where('id', '=', id).executeTakeFirst();
    return row ? rowToAdmin(row) : null;
  }

  async update(admin: Admin): Promise<void> {
    const { id: _id, project_id: _project, created_at: _created, ...changes } = adminToRow(admin);
    await this.db.updateTable('admins').set(changes).where('project_id', '=', admin.projectId).where('id', '=', admin.id).execute();
  }

  async delete(projectId: string, id: string): Promise<boolean> {
    const result = await this.db.deleteFrom('admins').where('project_id', '=', projectId).where('id', '=', id).executeTakeFirst();
    return result.numDeletedRows > 0n;
  }

  async findByApiKeyHash(hash: string): Promise<Admin | null> {
    const row = await this.db.selectFrom('admins').selectAll().where('api_key_hash', '=', hash).executeTakeFirst();
    return row ? rowToAdmin(row) : null;
  }

  async projectsWithActiveApiAdmin(projectIds: readonly string[]): Promise<ReadonlySet<string>> {
    if (projectIds.length === 0) return new Set();
    const rows = await this.db
      .selectFrom('admins')
      .select('project_id')
      .distinct()
      .where('project_id', 'in', [...new Set(projectIds)])
      .where('api_admin', '=', true)
      .where('active', '=', true)
      .execute();
    return new Set(rows.map((r) => r.project_id));
  }
}
