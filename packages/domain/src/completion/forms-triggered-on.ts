import type { Trigger } from '../model/form.js';

/**
 * The forms added by the triggers of a project that fire on account or child creation, in
 * trigger order. Triggers of other projects are ignored.
 */
export function formsTriggeredOn(
  type: 'account_created' | 'child_created',
  projectId: string,
  triggers: readonly Trigger[],
): readonly string[] {
  return triggers
    .filter((trigger) => trigger.projectId === projectId && trigger.on.type === type)
    .flatMap((trigger) => trigger.addForms);
}
