import type { Admin, Project, SystemKind } from '../model/project.js';
import type { Result } from '../model/result.js';
import { invalid, notFound, ok } from '../model/result.js';
import type { Clock } from '../ports/clock.port.js';
import type { IdGenerator } from '../ports/id-generator.port.js';
import type { Random } from '../ports/random.port.js';
import type { Storage } from '../ports/storage.port.js';
import { generateKey, hashKey } from './keys.js';

/** What the operator may change of an admin. */
export interface AdminChange {
  readonly apiAdmin?: boolean;
  readonly active?: boolean;
}

/** An admin as created or changed, with the API key when one was just issued (shown once). */
export interface AdminWithKey {
  readonly admin: Admin;
  readonly apiKey: string | null;
}

/** The operator's use cases: projects and their admins. */
export class ProjectAdministration {
  constructor(
    private readonly deps: {
      readonly storage: Storage;
      readonly clock: Clock;
      readonly ids: IdGenerator;
      readonly random: Random;
    },
  ) {}

  /** Creates a project; its platform key is returned here and never again. */
  async createProject(input: { readonly name: string; readonly system: SystemKind }): Promise<Result<{ project: Project; platformKey: string }>> {
    const name = input.name.trim();
    if (name.length === 0) return invalid([{ path: 'name', message: 'must not be blank' }]);
    const platformKey = generateKey(this.deps.random, 'pk');
    const project: Project = {
      id: this.deps.ids.next('prj'),
      name,
      system: input.system,
      platformKeyHash: hashKey(platformKey),
      createdAt: this.deps.clock.now(),
    };
    await this.deps.storage.projects.insert(project);
    return ok({ project, platformKey });
  }

  /** The project, or not_found. */
  async getProject(projectId: string): Promise<Result<Project>> {
    const project = await this.deps.storage.projects.get(projectId);
    return project ? ok(project) : notFound('project');
  }

  /** Adds an admin; an API admin gets an API key, returned once. */
  async addAdmin(projectId: string, input: { readonly email: string; readonly apiAdmin: boolean }): Promise<Result<AdminWithKey>> {
    if (!(await this.deps.storage.projects.get(projectId))) return notFound('project');
    const apiKey = input.apiAdmin ? generateKey(this.deps.random, 'ak') : null;
    const admin: Admin = {
      id: this.deps.ids.next('adm'),
      projectId,
      email: input.email.trim().toLowerCase(),
      apiAdmin: input.apiAdmin,
      active: true,
      apiKeyHash: apiKey ? hashKey(apiKey) : null,
      createdAt: this.deps.clock.now(),
    };
    await this.deps.storage.admins.insert(admin);
    return ok({ admin, apiKey });
  }

  /**
   * Changes `apiAdmin` or `active`. An admin who becomes an active API admin (promoted, or
   * re-activated as one) gets a new API key, returned once; the key it held before opens nothing
   * from then on. Re-activating any other admin drops the key it held: no old key ever revives.
   */
  async updateAdmin(projectId: string, adminId: string, change: AdminChange): Promise<Result<AdminWithKey>> {
    const current = await this.deps.storage.admins.get(projectId, adminId);
    if (!current) return notFound('admin');
    const apiAdmin = change.apiAdmin ?? current.apiAdmin;
    const active = change.active ?? current.active;
    const becomesActiveApiAdmin = apiAdmin && active && !(current.apiAdmin && current.active);
    const reactivated = active && !current.active;
    const apiKey = becomesActiveApiAdmin ? generateKey(this.deps.random, 'ak') : null;
    const admin: Admin = {
      ...current,
      apiAdmin,
      active,
      apiKeyHash: apiKey ? hashKey(apiKey) : reactivated ? null : current.apiKeyHash,
    };
    await this.deps.storage.admins.update(admin);
    return ok({ admin, apiKey });
  }

  /**
   * Gives an active API admin a new API key, returned once; the old one is refused from the next
   * request on (keys are never cached). Any other admin is a conflict: promoting or re-activating
   * one issues its key.
   */
  async rotateAdminKey(projectId: string, adminId: string): Promise<Result<AdminWithKey>> {
    const current = await this.deps.storage.admins.get(projectId, adminId);
    if (!current) return notFound('admin');
    if (!(current.active && current.apiAdmin)) {
      return {
        kind: 'conflict',
        message: `admin ${adminId} is not an active API admin: it has no key to rotate (making it an active API admin issues one)`,
      };
    }
    const apiKey = generateKey(this.deps.random, 'ak');
    const admin: Admin = { ...current, apiKeyHash: hashKey(apiKey) };
    await this.deps.storage.admins.update(admin);
    return ok({ admin, apiKey });
  }

  /** Removes an admin (their key stops working at once). */
  async removeAdmin(projectId: string, adminId: string): Promise<Result<null>> {
    return (await this.deps.storage.admins.delete(projectId, adminId)) ? ok(null) : notFound('admin');
  }

  /** Gives the project a new platform key, returned once; the old one is refused from the next request on. */
  async rotatePlatformKey(projectId: string): Promise<Result<{ project: Project; platformKey: string }>> {
    const project = await this.deps.storage.projects.get(projectId);
    if (!project) return notFound('project');
    const platformKey = generateKey(this.deps.random, 'pk');
    const platformKeyHash = hashKey(platformKey);
    if (!(await this.deps.storage.projects.setPlatformKeyHash(projectId, platformKeyHash))) return notFound('project');
    return ok({ project: { ...project, platformKeyHash }, platformKey });
  }

  /**
   * Deletes the project and all its data — admins (and so their keys), forms, triggers, webhooks,
   * user states, activities, events, deliveries and attempts — at once. Its platform key opens
   * nothing from the next request on. A delivery a worker claimed just before may still go out
   * once; its outcome is recorded nowhere.
   */
  async deleteProject(projectId: string): Promise<Result<null>> {
    return (await this.deps.storage.projects.delete(projectId)) ? ok(null) : notFound('project');
  }
}
