import type { UserState } from '../model/user-state.js';

/** Completion state per user (or child). */
export interface UserStateStore {
  /** The states of those users that exist; unknown ids are absent from the result. */
  load(projectId: string, userIds: readonly string[]): Promise<readonly UserState[]>;
  /** The children whose parent is `parentId`. */
  children(projectId: string, parentId: string): Promise<readonly UserState[]>;
  save(states: readonly UserState[]): Promise<void>;
}
