import { EVENT_CATALOG, findEventType } from './event-catalog.js';
import type { EventType } from './event-type.js';

/** A subscription's event key read against the catalog: the row and, for per-form rows, the form id. */
export type ParsedEventKey =
  | { readonly kind: 'ok'; readonly type: EventType; readonly formId: string | null }
  | { readonly kind: 'error'; readonly message: string };

/** A form id: 1 to 64 characters of letters, digits, `_` and `-`. */
const FORM_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

/** Longest prefix first, so `form_preprocess_` is tried before any shorter prefix it could share. */
const PER_FORM_ROWS: readonly (EventType & { readonly formPrefix: string })[] = EVENT_CATALOG.filter(
  (type): type is EventType & { readonly formPrefix: string } => type.formPrefix !== null,
).sort((a, b) => b.formPrefix.length - a.formPrefix.length);

/** How much of an unknown key an error message repeats. */
const QUOTE_MAX = 80;

/** True when `value` is a well-formed form id. */
export function isFormId(value: string): boolean {
  return FORM_ID_PATTERN.test(value);
}

/**
 * Reads a concrete event key (`user_registered`, `form_submit_42`) against the catalog.
 * Patterns (`form_submit_*`, `form_submit_{form}`) are refused with a message saying to replace
 * `*` with a form id. When `forms` is given, the form id must be one of them.
 */
export function parseEventKey(key: string, forms: readonly { readonly id: string }[] | null): ParsedEventKey {
  const exact = findEventType(key);
  if (exact !== undefined && exact.formPrefix === null) {
    return { kind: 'ok', type: exact, formId: null };
  }
  const type = PER_FORM_ROWS.find((row) => key.startsWith(row.formPrefix));
  if (type === undefined) {
    return { kind: 'error', message: `unknown event ${quote(key)}: GET /v1/event-types lists the events` };
  }
  const formId = key.slice(type.formPrefix.length);
  if (formId === '' || formId.includes('*') || formId === '{form}') {
    return { kind: 'error', message: patternMessage(type.formPrefix) };
  }
  if (!isFormId(formId)) {
    return {
      kind: 'error',
      message: `${quote(formId)} is not a form id: use 1 to 64 letters, digits, "_" or "-", as in ${type.formPrefix}42`,
    };
  }
  if (forms !== null && !forms.some((form) => form.id === formId)) {
    return { kind: 'error', message: `unknown form id "${formId}" in event ${key}` };
  }
  return { kind: 'ok', type, formId };
}

/**
 * The concrete key of a catalog row: the row's key, or its prefix followed by the form id.
 * Throws when a per-form row gets no form id or another row gets one (a bug of the caller).
 */
export function concreteKey(type: EventType, formId: string | null): string {
  if (type.formPrefix === null) {
    if (formId !== null) {
      throw new Error(`event ${type.key} is not per form, yet form id ${formId} was given`);
    }
    return type.key;
  }
  if (formId === null || !isFormId(formId)) {
    throw new Error(`event ${type.key} needs a valid form id, got ${String(formId)}`);
  }
  return `${type.formPrefix}${formId}`;
}

function patternMessage(prefix: string): string {
  return `${prefix}* is a pattern: replace * with a form id, as in ${prefix}42`;
}

function quote(value: string): string {
  return JSON.stringify(value.length > QUOTE_MAX ? `${value.slice(0, QUOTE_MAX)}…` : value);
}
