import type { Project } from '../model/project.js';
import type { Form } from '../model/form.js';
import type { Subscription } from '../model/subscription.js';

/** What an interactive moment reads before calling anyone. */
export interface FormContext {
  readonly project: Project | null;
  readonly form: Form | null;
  /** Every subscription (enabled or not) to the moment's event keys, in creation order. */
  readonly subscriptions: readonly Subscription[];
  /** Whether the project has an active API admin (without one, nothing is sent). */
  readonly hasApiAdmin: boolean;
}

/**
 * Reads a form's context: the project, the form, the subscriptions to `eventKeys` and whether an
 * active API admin exists — what `projects.get`, `forms.getForm`, `subscriptions.listForEvents` and
 * `admins.projectsWithActiveApiAdmin` answer. `StoredFormContexts` reads them so; a storage adapter
 * may offer a faster reading of its own (one statement in SQL), and the composition chooses.
 */
export interface FormContextReads {
  read(projectId: string, formId: string, eventKeys: readonly string[]): Promise<FormContext>;
}
