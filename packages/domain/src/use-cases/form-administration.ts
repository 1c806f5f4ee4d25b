import type { Audience, Form, Reach, Trigger, TriggerOn } from '../model/form.js';
import type { FieldError, Result } from '../model/result.js';
import { invalid, notFound, ok } from '../model/result.js';
import type { UserForm } from '../model/user-form.js';
import type { UserRole } from '../model/user-state.js';
import type { Page, PageRequest } from '../ports/cursor.js';
import { InvalidCursorError } from '../ports/cursor.js';
import type { Storage } from '../ports/stores.port.js';
import { isComplete, userForms } from '../completion/completion.js';

/** A user's forms as the platform reads them: the user's role, the verdict now, and one page of forms. */
export interface UserForms {
  readonly userId: string;
  readonly role: UserRole;
  /** Whether every mandatory form that reached the user is complete now (none reached: false). */
  readonly complete: boolean;
  readonly forms: Page<UserForm>;
}

/** Cursors of a user's forms: the id of the last form of the page, after this prefix. */
const AFTER = 'after.';

/** Which audiences a system's forms may have. */
const AUDIENCES = { individual: ['user'], family: ['parent', 'child'] } as const satisfies Record<string, readonly Audience[]>;

/** The platform's use cases: declaring forms and triggers, which completion depends on. */
export class FormAdministration {
  constructor(private readonly deps: { readonly storage: Storage }) {}

  /**
   * Creates or replaces a form. Its audience must suit the project's system; it is mandatory and
   * reaches every user of its audience unless said otherwise.
   */
  async putForm(
    projectId: string,
    formId: string,
    input: { readonly name: string; readonly audience: Audience; readonly mandatory?: boolean; readonly reach?: Reach },
  ): Promise<Result<Form>> {
    const project = await this.deps.storage.projects.get(projectId);
    if (!project) return notFound('project');
    const allowed: readonly Audience[] = AUDIENCES[project.system];
    if (!allowed.includes(input.audience)) {
      return invalid([{ path: 'audience', message: `a ${project.system} system's forms are for ${allowed.join(' or ')}` }]);
    }
    const form: Form = {
      projectId,
      id: formId,
      name: input.name,
      audience: input.audience,
      mandatory: input.mandatory ?? true,
      reach: input.reach ?? 'audience',
    };
    await this.deps.storage.forms.upsertForm(form);
    return ok(form);
  }

  /** The project's forms (for the webhooks tab's form picker), or not_found. */
  async listForms(projectId: string): Promise<Result<readonly Form[]>> {
    if (!(await this.deps.storage.projects.get(projectId))) return notFound('project');
    return ok(await this.deps.storage.forms.listForms(projectId));
  }

  /**
   * A user's forms — every form of their audience, by id — each with how it reached them (null:
   * it has not), whether the platform unassigned it, and whether it is complete; not_found for
   * an unknown project or a user the service has not seen (no registration, child or submission
   * reported).
   */
  async listUserForms(projectId: string, userId: string, page: PageRequest): Promise<Result<UserForms>> {
    const [project, [state], forms] = await Promise.all([
      this.deps.storage.projects.get(projectId),
      this.deps.storage.users.load(projectId, [userId]),
      this.deps.storage.forms.listForms(projectId),
    ]);
    if (!project) return notFound('project');
    if (!state) return notFound('user');
    if (page.cursor !== undefined && (!page.cursor.startsWith(AFTER) || page.cursor.length === AFTER.length)) throw new InvalidCursorError(page.cursor);
    const after = page.cursor?.slice(AFTER.length);
    const all = userForms(state, [...forms].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)));
    const rest = after === undefined ? all : all.filter((f) => f.form.id > after);
    const items = rest.slice(0, page.limit);
    const last = items.at(-1);
    return ok({
      userId,
      role: state.role,
      complete: isComplete(state, forms),
      forms: { items, nextCursor: rest.length > items.length && last ? `${AFTER}${last.form.id}` : null },
    });
  }

  /** Creates or replaces a trigger. Every form it names must exist. */
  async putTrigger(projectId: string, triggerId: string, input: { readonly on: TriggerOn; readonly addForms: readonly string[] }): Promise<Result<Trigger>> {
    if (!(await this.deps.storage.projects.get(projectId))) return notFound('project');
    const known = new Set((await this.deps.storage.forms.listForms(projectId)).map((f) => f.id));
    const errors: FieldError[] = [];
    if (input.on.type === 'form_submitted' && !known.has(input.on.formId)) {
      errors.push({ path: 'on.formId', message: `unknown form ${input.on.formId}` });
    }
    if (input.addForms.length === 0) errors.push({ path: 'addForms', message: 'must name at least one form' });
    input.addForms.forEach((id, i) => {
      if (!known.has(id)) errors.push({ path: `addForms.${i}`, message: `unknown form ${id}` });
    });
    if (errors.length > 0) return invalid(errors);
    const trigger: Trigger = { projectId, id: triggerId, on: input.on, addForms: [...new Set(input.addForms)] };
    await this.deps.storage.forms.upsertTrigger(trigger);
    return ok(trigger);
  }
}
