import type { Form, Trigger } from '../model/form.js';

/** Forms and triggers, as the platform declares them. */
export interface FormStore {
  upsertForm(form: Form): Promise<void>;
  getForm(projectId: string, formId: string): Promise<Form | null>;
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
