import type { Project, ProjectStore } from '@webhooks/domain';
import type { Kysely } from 'kysely';
import type { Database } from '../database.js';
import { projectToRow, rowToProject } from '../tables/project.table.js';

/** Projects in Postgres. */
export class ProjectRepository implements ProjectStore {
  constructor(private readonly db: Kysely<Database>) {}

  async insert(project: Project): Promise<void> {
    await this.db.insertInto('projects').values(projectToRow(project)).execute();
  }

  async get(id: string): Promise<Project | null> {
    const row = await this.db.selectFrom('projects').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? rowToProject(row) : null;
  }

  async findByPlatformKeyHash(hash: string): Promise<Project | null> {
    const row = await this.db.selectFrom('projects').selectAll().where('platform_key_hash', '=', hash).executeTakeFirst();
    return row ? rowToProject(row) : null;
  }

  async setPlatformKeyHash(id: string, hash: string): Promise<boolean> {
    const result = await this.db.updateTable('projects').set({ platform_key_hash: hash }).where('id', '=', id).executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  /**
   * One statement: every table of a project's data references `projects` with `on delete cascade`
   * (deliveries through their event, attempts through their delivery), so deleting the row deletes
   * everything of it, atomically.
   */
  async delete(id: string): Promise<boolean> {
    const result = await this.db.deleteFrom('projects').where('id', '=', id).executeTakeFirst();
    return result.numDeletedRows > 0n;
  }
}
