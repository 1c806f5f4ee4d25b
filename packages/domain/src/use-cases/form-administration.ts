import type { Audience, Form, Trigger, TriggerOn } from '../model/form.js';
import type { FieldError, Result } from '../model/result.js';
import { invalid, notFound, ok } from '../model/result.js';
import type { Storage } from '../ports/stores.port.js';
import type { PlatformId } from '../model/activity.js';
import { idKey, numberIdProblem } from '../input/platform-id.js';

/** A trigger as the platform declares it: form ids as strings or numbers. */
export interface TriggerInput {
  readonly on: Exclude<TriggerOn, { readonly type: 'form_submitted' }> | (Omit<Extract<TriggerOn, { readonly type: 'form_submitted' }>, 'formId'> & { readonly formId: PlatformId });
  readonly addForms: readonly PlatformId[];
}

/** Which audiences a system's forms may have. */
const AUDIENCES = { individual: ['user'], family: ['parent', 'child'] } as const satisfies Record<string, readonly Audience[]>;

/** The platform's use cases: declaring forms and triggers, which completion depends on. */
export class FormAdministration {
  constructor(private readonly deps: { readonly storage: Storage }) {}

  /** Creates or replaces a form. Its audience must suit the project's system. */
  async putForm(
    projectId: string,
    formId: string,
    input: { readonly name: string; readonly audience: Audience; readonly mandatory?: boolean },
  ): Promise<Result<Form>> {
    const project = await this.deps.storage.projects.get(projectId);
    if (!project) return notFound('project');
    const allowed: readonly Audience[] = AUDIENCES[project.system];
    if (!allowed.includes(input.audience)) {
      return invalid([{ path: 'audience', message: `a ${project.system} system's forms are for ${allowed.join(' or ')}` }]);
    }
    const form: Form = { projectId, id: formId, name: input.name, audience: input.audience, mandatory: input.mandatory ?? true };
    await this.deps.storage.forms.upsertForm(form);
    return ok(form);
  }

  /** The project's forms (for the webhooks tab's form picker), or not_found. */
  async listForms(projectId: string): Promise<Result<readonly Form[]>> {
    if (!(await this.deps.storage.projects.get(projectId))) return notFound('project');
    return ok(await this.deps.storage.forms.listForms(projectId));
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
