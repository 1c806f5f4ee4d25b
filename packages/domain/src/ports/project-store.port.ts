import type { Project } from '../model/project.js';

/** Projects and their platform keys. */
export interface ProjectStore {
  insert(project: Project): Promise<void>;
  get(id: string): Promise<Project | null>;
  findByPlatformKeyHash(hash: string): Promise<Project | null>;
  /** Replaces the project's platform key hash (the old key finds nothing after this); false when there is no such project. */
  setPlatformKeyHash(id: string, hash: string): Promise<boolean>;
  /**
   * Deletes the project with everything of it, at once: admins, forms, triggers, webhooks, user
   * states, activities, events, deliveries and their attempts. False when there is no such project.
   */
  delete(id: string): Promise<boolean>;
}
