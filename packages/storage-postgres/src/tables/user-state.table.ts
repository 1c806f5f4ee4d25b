import type { ColumnTypes } from '../sql/json-rows.js';
import type { Assignment, UserRole, UserState } from '@webhooks/domain';
import type { JSONColumnType, Selectable } from 'kysely';

/** The `user_states` table: completion state per user (or child), assignments as jsonb. */
export interface UserStateTable {
  project_id: string;
  user_id: string;
  role: UserRole;
  parent_id: string | null;
  registered: boolean;
  complete: boolean;
  assignments: JSONColumnType<Assignment[]>;
}

/** A row of `user_states` as selected. */
export type UserStateRow = Selectable<UserStateTable>;

/** Maps a domain user state to the values of its row. */
export const userStateToRow = (u: UserState) => ({
  project_id: u.projectId,
  user_id: u.userId,
  role: u.role,
  parent_id: u.parentId,
  registered: u.registered,
  complete: u.complete,
  assignments: JSON.stringify(u.assignments),
});

/** Maps a row back to the domain user state. */
export const rowToUserState = (r: UserStateRow): UserState => ({
  projectId: r.project_id,
  userId: r.user_id,
  role: r.role,
  parentId: r.parent_id,
  registered: r.registered,
  complete: r.complete,
  assignments: r.assignments,
});

/** The SQL type of each column, for batches sent as JSON (`jsonRows`). */
export const USER_STATE_TYPES: ColumnTypes<ReturnType<typeof userStateToRow>> = { project_id: 'text', user_id: 'text', role: 'text', parent_id: 'text', registered: 'boolean', complete: 'boolean', assignments: 'jsonb' };
