import type { Problem } from '../api/api-types.js';
import { problemMessage } from '../api/api-result.js';

/** The fields of the webhook form that an error can be shown beside. */
export type WebhookField = 'event' | 'formId' | 'url' | 'description' | 'enabled' | 'timeoutMs' | 'failurePolicy';

/** A problem split for display: messages beside their fields, the rest above the form. */
export interface FormErrors {
  readonly byField: Partial<Record<WebhookField, string>>;
  readonly general: readonly string[];
}

/** No errors at all. */
export const NO_ERRORS: FormErrors = { byField: {}, general: [] };

const FIELDS: readonly WebhookField[] = ['event', 'url', 'description', 'enabled', 'timeoutMs', 'failurePolicy'];

/**
 * Places the API's problem beside the fields it names. Validation errors (`errors: [{ path,
 * message }]`) go to their field; for a per-form event the `event` errors go beside the form
 * picker, since the form id is the part the admin chose. A 409 conflict (one URL serves one
 * event) goes beside the URL. Anything else is shown above the form.
 */
export function placeErrors(problem: Problem, options: { readonly perForm: boolean }): FormErrors {
  const byField: Partial<Record<WebhookField, string>> = {};
  const general: string[] = [];
  const add = (field: WebhookField, message: string) => {
    byField[field] = byField[field] === undefined ? message : `${byField[field]} ${message}`;
  };
  if (problem.status === 409) {
    add('url', problemMessage(problem));
    return { byField, general };
  }
  for (const error of problem.errors ?? []) {
    const top = error.path.split('.')[0] ?? '';
    const field = FIELDS.find((name) => name === top);
    if (field === undefined) general.push(error.path === '' ? error.message : `${error.path}: ${error.message}`);
    else add(field === 'event' && options.perForm ? 'formId' : field, error.message);
  }
  if (general.length === 0 && Object.keys(byField).length === 0) general.push(problemMessage(problem));
  return { byField, general };
}
