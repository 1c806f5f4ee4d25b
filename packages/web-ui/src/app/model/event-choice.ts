import type { EventType } from '../api/api-types.js';

/** The placeholder of per-form keys in the catalog (`form_submit_{form}`). */
const FORM_PLACEHOLDER = '{form}';

/** An event as the form edits it: a catalog row's key, and for per-form rows a form id. */
export interface EventChoice {
  readonly typeKey: string;
  readonly formId: string;
}

/** True when subscribing to this row needs a form id. */
export function isPerForm(type: Pick<EventType, 'key'>): boolean {
  return type.key.includes(FORM_PLACEHOLDER);
}

/** The concrete key to subscribe to: the row's key, `{form}` replaced by the form id for per-form rows. */
export function concreteEvent(choice: EventChoice): string {
  return choice.typeKey.includes(FORM_PLACEHOLDER) ? choice.typeKey.replace(FORM_PLACEHOLDER, choice.formId.trim()) : choice.typeKey;
}

/**
 * Reads a webhook's concrete key back into a choice: an exact catalog row, or the per-form row
 * whose prefix is the longest one the key starts with (`form_preprocess_7` is not `form_…`).
 * A key the catalog does not know is kept as it is, with no form.
 */
export function readEvent(key: string, catalog: readonly Pick<EventType, 'key'>[]): EventChoice {
  const exact = catalog.find((type) => type.key === key && !isPerForm(type));
  if (exact) return { typeKey: exact.key, formId: '' };
  const perForm = catalog
    .filter(isPerForm)
    .map((type) => ({ type, prefix: type.key.slice(0, type.key.indexOf(FORM_PLACEHOLDER)) }))
    .filter(({ prefix }) => key.startsWith(prefix) && key.length > prefix.length)
    .sort((a, b) => b.prefix.length - a.prefix.length)[0];
  return perForm ? { typeKey: perForm.type.key, formId: key.slice(perForm.prefix.length) } : { typeKey: key, formId: '' };
}
