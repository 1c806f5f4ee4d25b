import type { LockingUserStateStore, UserState } from '@webhooks/domain';
import { sql, type Kysely, type QueryCreator } from 'kysely';
import type { Database } from '../database.js';
import { insertRows } from '../sql/json-rows.js';
import { USER_STATE_TYPES, rowToUserState, userStateToRow } from '../tables/user-state.table.js';

/** Completion state per user in Postgres. */
export class UserStateRepository implements LockingUserStateStore {
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

  /** Transaction-scoped advisory locks, one per user, taken in a fixed order (no deadlock between two lockers). */
  async lock(projectId: string, userIds: readonly string[]): Promise<void> {
    if (!this.db.isTransaction) throw new Error('users.lock holds users until the transaction ends: call it inside one');
    const keys = [...new Set(userIds)].sort().map((id) => `${projectId}/${id}`);
    if (keys.length === 0) return;
    await sql`select pg_advisory_xact_lock(hashtextextended(k, 0)) from unnest(${keys}::text[]) with ordinality as t(k, n) order by n`.execute(this.db);
  }

  async save(states: readonly UserState[]): Promise<void> {
    if (states.length === 0) return;
    await upsertUserStates(this.db, states.map(userStateToRow)).execute();
  }
}

/** Inserts or replaces completion states in one statement (one row per user: a list must not name a user twice). */
export function upsertUserStates(db: QueryCreator<Database>, rows: readonly ReturnType<typeof userStateToRow>[]) {
  return insertRows(db, 'user_states', rows, USER_STATE_TYPES).onConflict((oc) =>
    oc.columns(['project_id', 'user_id']).doUpdateSet((eb) => ({
      role: eb.ref('excluded.role'),
      parent_id: eb.ref('excluded.parent_id'),
      registered: eb.ref('excluded.registered'),
      complete: eb.ref('excluded.complete'),
      assignments: eb.ref('excluded.assignments'),
    })),
  );
}
