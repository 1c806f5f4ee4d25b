import type { Audience, Form, Reach, Trigger, TriggerOn } from '../model/form.js';
import type { FieldError, Result } from '../model/result.js';
import { conflict, invalid, notFound, ok } from '../model/result.js';
import type { UserForm } from '../model/user-form.js';
import type { UserRole } from '../model/user-state.js';
import type { Page, PageRequest } from '../ports/cursor.js';
import { InvalidCursorError } from '../ports/cursor.js';
import { isComplete, userForms } from '../completion/completion.js';
import { EVENT_CATALOG } from '../catalog/event-catalog.js';
import { concreteKey } from '../catalog/event-key.js';
import type { Storage } from '../ports/storage.port.js';
import type { PlatformId } from '../model/activity.js';
import { idKey, numberIdProblem } from '../input/platform-id.js';

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

/** A trigger as the platform declares it: form ids as strings or numbers. */
export interface TriggerInput {
  readonly on: Exclude<TriggerOn, { readonly type: 'form_submitted' }> | (Omit<Extract<TriggerOn, { readonly type: 'form_submitted' }>, 'formId'> & { readonly formId: PlatformId });
  readonly addForms: readonly PlatformId[];
}

/** The concrete keys of every per-form event of the catalog for one form: `form_submit_<id>`, `form_load_<id>`, … */
function perFormKeys(formId: string): string[] {
  return EVENT_CATALOG.filter((type) => type.formPrefix !== null).map((type) => concreteKey(type, formId));
}

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

  /**
   * Deletes a form — refused (a conflict naming them, `reason: 'form_in_use'`, `inUseBy`) while any
   * webhook subscribes to one of its per-form events (`form_submit_<id>`, …, enabled or not) or any
   * trigger names it (as the form it follows or a form it adds): delete or change those first.
   * Deleted, it is taken out of every user's assignments (`FormStore.deleteForm`), so it no longer
   * counts towards anyone's completion, and a form created again under its id starts afresh.
   * Checked and deleted in one transaction.
   */
  async deleteForm(projectId: string, formId: string): Promise<Result<null>> {
    return this.deps.storage.transaction(async (tx) => {
      if (!(await tx.projects.get(projectId))) return notFound('project');
      if (!(await tx.forms.getForm(projectId, formId))) return notFound('form');
      const webhooks = await tx.subscriptions.listForEvents(projectId, perFormKeys(formId));
      const triggers = (await tx.forms.listTriggers(projectId)).filter((t) => t.addForms.includes(formId) || (t.on.type === 'form_submitted' && t.on.formId === formId));
      if (webhooks.length > 0 || triggers.length > 0) {
        const named = [
          ...(webhooks.length > 0 ? [`webhooks ${webhooks.map((w) => `${w.id} (${w.eventKey})`).join(', ')}`] : []),
          ...(triggers.length > 0 ? [`triggers ${triggers.map((t) => t.id).join(', ')}`] : []),
        ];
        return conflict(`form ${formId} is still used by ${named.join(' and ')}: delete them (or change them to leave this form out) first`, {
          reason: 'form_in_use',
          inUseBy: { webhooks: webhooks.map((w) => w.id), triggers: triggers.map((t) => t.id) },
        });
      }
      await tx.forms.deleteForm(projectId, formId);
      return ok(null);
    });
  }

  /** The project's triggers, by id, or not_found. */
  async listTriggers(projectId: string): Promise<Result<readonly Trigger[]>> {
    if (!(await this.deps.storage.projects.get(projectId))) return notFound('project');
    return ok(await this.deps.storage.forms.listTriggers(projectId));
  }

  /** Deletes a trigger; forms it assigned stay assigned. not_found for an unknown project or trigger. */
  async deleteTrigger(projectId: string, triggerId: string): Promise<Result<null>> {
    if (!(await this.deps.storage.projects.get(projectId))) return notFound('project');
    return (await this.deps.storage.forms.deleteTrigger(projectId, triggerId)) ? ok(null) : notFound('trigger');
  }

  /**
   * Creates or replaces a trigger. Every form it names must exist; form ids may be numbers, keyed
   * as their decimal strings (the trigger keeps the keys).
   */
  async putTrigger(projectId: string, triggerId: string, input: TriggerInput): Promise<Result<Trigger>> {
    if (!(await this.deps.storage.projects.get(projectId))) return notFound('project');
    const known = new Set((await this.deps.storage.forms.listForms(projectId)).map((f) => f.id));
    const errors: FieldError[] = [];
    const formIdAt = (id: PlatformId, path: string): string => {
      const problem = numberIdProblem(id) ?? (known.has(idKey(id)) ? null : `unknown form ${idKey(id)}`);
      if (problem !== null) errors.push({ path, message: problem });
      return idKey(id);
    };
    const on: TriggerOn = input.on.type === 'form_submitted' ? { ...input.on, formId: formIdAt(input.on.formId, 'on.formId') } : input.on;
    if (input.addForms.length === 0) errors.push({ path: 'addForms', message: 'must name at least one form' });
    const addForms = input.addForms.map((id, i) => formIdAt(id, `addForms.${i}`));
    if (errors.length > 0) return invalid(errors);
    const trigger: Trigger = { projectId, id: triggerId, on, addForms: [...new Set(addForms)] };
    await this.deps.storage.forms.upsertTrigger(trigger);
    return ok(trigger);
  }
}
