import type { Json } from '../model/json.js';
import type { Trigger } from '../model/form.js';
import { jsonEquals } from './json-equals.js';

/**
 * Whether a trigger fires on the submission of `formId` with `doc`: it is a `form_submitted`
 * trigger of that project and form, and every field of its `when` has a deep-equal value in
 * `doc` (a missing field never matches). No `when`, or an empty one, always matches.
 */
export function triggerMatches(
  trigger: Trigger,
  projectId: string,
  formId: string,
  doc: Readonly<Record<string, Json>>,
): boolean {
  if (trigger.projectId !== projectId || trigger.on.type !== 'form_submitted' || trigger.on.formId !== formId) {
    return false;
  }
  const when = trigger.on.when ?? {};
  return Object.keys(when).every((field) => Object.hasOwn(doc, field) && jsonEquals(when[field], doc[field]));
}
