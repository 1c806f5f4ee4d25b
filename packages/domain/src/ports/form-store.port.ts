import type { Project } from '../model/project.js';
import type { Form, Trigger } from '../model/form.js';
import type { Subscription } from '../model/subscription.js';

/** What an interactive moment reads before calling anyone (see `FormStore.getFormContext`). */
export interface FormContext {
  readonly project: Project | null;
  readonly form: Form | null;
  /** Every subscription (enabled or not) to the moment's event keys, in creation order. */
  readonly subscriptions: readonly Subscription[];
  /** Whether the project has an active API admin (without one, nothing is sent). */
  readonly hasApiAdmin: boolean;
}

/** Forms and triggers, as the platform declares them. */
export interface FormStore {
  upsertForm(form: Form): Promise<void>;
  getForm(projectId: string, formId: string): Promise<Form | null>;
  /**
   * The project, the form, the subscriptions to `eventKeys` and whether an active API admin
   * exists — what `projects.get`, `getForm`, `subscriptions.listForEvents` and
   * `admins.projectsWithActiveApiAdmin` answer, read at once (one statement in SQL: an interactive
   * call waits for it).
   */
  getFormContext(projectId: string, formId: string, eventKeys: readonly string[]): Promise<FormContext>;
  listForms(projectId: string): Promise<readonly Form[]>;
  /**
   * Deletes a form and takes it out of every user's assignments, at once (a form created again
   * under its id starts with nobody assigned); false when there was no such form.
   */
  deleteForm(projectId: string, formId: string): Promise<boolean>;
  upsertTrigger(trigger: Trigger): Promise<void>;
  listTriggers(projectId: string): Promise<readonly Trigger[]>;
  /** Deletes a trigger; false when there was no such trigger. */
  deleteTrigger(projectId: string, triggerId: string): Promise<boolean>;
}
