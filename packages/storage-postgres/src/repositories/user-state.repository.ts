import type { UserState, UserStateStore } from '@webhooks/domain';
import type { Kysely } from 'kysely';
import type { Database } from '../database.js';
import { allOrNothing } from '../sql/all-or-nothing.js';
import { chunksFor } from '../sql/chunks.js';
import { rowToUserState, userStateToRow } from '../tables/user-state.table.js';

/** Completion state per user in Postgres. */
export class UserStateRepository implements UserStateStore {
  constructor(private readonly db: Kysely<Database>) {}

  async load(projectId: string, userIds: readonly string[]): Promise<readonly UserState[]> {
    if (userIds.length === 0) return [];
    const rows = await this.db.selectFrom('user_states').selectAll().where('project_id', '=', projectId).where('user_id', 'in', [...userIds]).execute();
    return rows.map(rowToUserState);
  }

  async children(projectId: string, parentId: string): Promise<readonly UserState[]> {
    const rows = await this.db
      .selectFrom('user_states')
      .selectAll()
      .where('project_id', '=', projectId)
      .where('parent_id', '=', parentId)
      .orderBy('user_id')
      .execute();
    return rows.map(rowToUserState);
  }

  async save(states: readonly UserState[]): Promise<void> {
    const chunks = chunksFor(states.map(userStateToRow));
    await allOrNothing(this.db, chunks.length, async (db) => {
      for (const chunk of chunks) {
        await db
          .insertInto('user_states')
          .values(chunk)
          .onConflict((oc) =>
            oc.columns(['project_id', 'user_id']).doUpdateSet((eb) => ({
              role: eb.ref('excluded.role'),
              parent_id: eb.ref('excluded.parent_id'),
              registered: eb.ref('excluded.registered'),
              complete: eb.ref('excluded.complete'),
              assignments: eb.ref('excluded.assignments'),
            })),
          )
          .execute();
      }
    });
  }
}
