import type { Admin, AdminWithKey, Project } from '@webhooks/domain';
import type { AdminView, ProjectView } from '../schemas/project.schema.js';
import { iso } from './iso.js';

/** A project as answered (never its key hash). */
export function projectView(project: Project): ProjectView {
  return { id: project.id, name: project.name, system: project.system, createdAt: iso(project.createdAt) };
}

/** An admin as answered, with the API key only in the answer that issued it. */
export function adminView({ admin, apiKey }: AdminWithKey | { readonly admin: Admin; readonly apiKey: null }): AdminView {
  return {
    id: admin.id,
    email: admin.email,
    apiAdmin: admin.apiAdmin,
    active: admin.active,
    createdAt: iso(admin.createdAt),
    ...(apiKey === null ? {} : { apiKey }),
  };
}
