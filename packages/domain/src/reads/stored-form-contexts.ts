import type { FormContext, FormContextReads } from '../ports/form-context-reads.port.js';
import type { Stores } from '../ports/storage.port.js';

/** A form's context as four reads of the stores, made at once. */
export class StoredFormContexts implements FormContextReads {
  constructor(private readonly stores: Stores) {}

  async read(projectId: string, formId: string, eventKeys: readonly string[]): Promise<FormContext> {
    const [project, form, subscriptions, admins] = await Promise.all([
      this.stores.projects.get(projectId),
      this.stores.forms.getForm(projectId, formId),
      this.stores.subscriptions.listForEvents(projectId, eventKeys),
      this.stores.admins.projectsWithActiveApiAdmin([projectId]),
    ]);
    return { project, form, subscriptions, hasApiAdmin: admins.has(projectId) };
  }
}
