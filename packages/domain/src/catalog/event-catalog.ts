import type { EventType } from './event-type.js';

const FORM_PAYLOAD = ['form_info', 'doc'] as const;
const SUBMISSION_PAYLOAD = ['form_info', 'doc', 'analytics'] as const;
const PAYMENT_PAYLOAD = ['payment_info', 'cart_info', 'allocated_payments'] as const;

/** The rows of the catalog, in the order of the product document. */
const ROWS: readonly EventType[] = [
  {
    key: 'user_registered',
    topic: 'account',
    formPrefix: null,
    mode: 'notify',
    familyOnly: false,
    group: false,
    payload: [],
    description: 'Fires the first time an applicant registers.',
  },
  {
    key: 'login_success',
    topic: 'account',
    formPrefix: null,
    mode: 'notify',
    familyOnly: false,
    group: false,
    payload: [],
    description: 'Fires each time a user logs in, except when access was granted through "remember me".',
  },
  {
    key: 'edit_user_credentials',
    topic: 'account',
    formPrefix: null,
    mode: 'notify',
    familyOnly: false,
    group: false,
    payload: ['username'],
    description: 'Fires when an applicant edits their username or password; the password is never included.',
  },
  {
    key: 'form_submitted',
    topic: 'forms',
    formPrefix: null,
    mode: 'notify',
    familyOnly: false,
    group: false,
    payload: SUBMISSION_PAYLOAD,
    description: 'Fires each time any form is submitted, complete or not.',
  },
  {
    key: 'form_submit_{form}',
    topic: 'interactive',
    formPrefix: 'form_submit_',
    mode: 'interactive',
    familyOnly: false,
    group: false,
    payload: FORM_PAYLOAD,
    description: 'Called after a submission of the named form is saved; the answer can show messages, patch fields, focus a field or redirect.',
  },
  {
    key: 'form_load_{form}',
    topic: 'interactive',
    formPrefix: 'form_load_',
    mode: 'interactive',
    familyOnly: false,
    group: false,
    payload: ['doc'],
    description: 'Called when the named form loads, whatever the user does next; mainly used for redirects.',
  },
  {
    key: 'form_viewed_{form}',
    topic: 'forms',
    formPrefix: 'form_viewed_',
    mode: 'notify',
    familyOnly: false,
    group: false,
    payload: ['doc'],
    description: 'Fires right after form_load_{form} of the same form was answered.',
  },
  {
    key: 'user_complete',
    topic: 'completion',
    formPrefix: null,
    mode: 'notify',
    familyOnly: false,
    group: false,
    payload: SUBMISSION_PAYLOAD,
    description:
      "Fires when all of a user's mandatory forms become complete (the parent's in a family system), including forms added by triggers.",
  },
  {
    key: 'child_complete',
    topic: 'completion',
    formPrefix: null,
    mode: 'notify',
    familyOnly: true,
    group: false,
    payload: SUBMISSION_PAYLOAD,
    description: "Fires when all of one child's mandatory forms become complete; family systems only.",
  },
  {
    key: 'status_update',
    topic: 'statuses_tags',
    formPrefix: null,
    mode: 'notify',
    familyOnly: false,
    group: true,
    payload: ['status_info'],
    description: 'Fires when the status of one or many applicants changes; user_info is an array.',
  },
  {
    key: 'payment_event',
    topic: 'payments',
    formPrefix: null,
    mode: 'notify',
    familyOnly: false,
    group: false,
    payload: PAYMENT_PAYLOAD,
    description: 'Fires on every payment change: approved, pending, refunded, issued and so on.',
  },
  {
    key: 'payment_refunded',
    topic: 'payments',
    formPrefix: null,
    mode: 'notify',
    familyOnly: false,
    group: false,
    payload: PAYMENT_PAYLOAD,
    description: 'Fires when an admin refunds a payment (payment_event fires too).',
  },
  {
    key: 'payment_issued',
    topic: 'payments',
    formPrefix: null,
    mode: 'notify',
    familyOnly: false,
    group: false,
    payload: PAYMENT_PAYLOAD,
    description: 'Fires when an applicant makes a payment or an admin processes one (payment_event fires too).',
  },
  {
    key: 'tag_update',
    topic: 'statuses_tags',
    formPrefix: null,
    mode: 'notify',
    familyOnly: false,
    group: true,
    payload: ['tag_info'],
    description: 'Fires when a tag of one or many applicants changes; user_info is an array.',
  },
  {
    key: 'user_order_updated',
    topic: 'payments',
    formPrefix: null,
    mode: 'notify',
    familyOnly: false,
    group: false,
    payload: ['cart_info', 'change'],
    description: 'Fires when a user adds a product to their cart or removes one.',
  },
  {
    key: 'form_preprocess',
    topic: 'interactive',
    formPrefix: null,
    mode: 'interactive',
    familyOnly: false,
    group: false,
    payload: FORM_PAYLOAD,
    description: 'Called before any submission is processed; an error message stops the submission.',
  },
  {
    key: 'form_preprocess_{form}',
    topic: 'interactive',
    formPrefix: 'form_preprocess_',
    mode: 'interactive',
    familyOnly: false,
    group: false,
    payload: FORM_PAYLOAD,
    description: 'Called before a submission of the named form is processed; an error message stops the submission.',
  },
];

/**
 * Every event the service knows, as data: the table of the product document, one row each.
 * Per-form rows carry the concrete prefix a subscription key starts with (`form_submit_42`).
 */
export const EVENT_CATALOG: readonly EventType[] = Object.freeze(ROWS.map((row) => Object.freeze({ ...row })));

const BY_KEY: ReadonlyMap<string, EventType> = new Map(EVENT_CATALOG.map((type) => [type.key, type]));

/** The catalog row whose key (or key pattern, such as `form_submit_{form}`) is exactly `key`. */
export function findEventType(key: string): EventType | undefined {
  return BY_KEY.get(key);
}

/** The catalog row with this key; throws when there is none, which is a bug of the caller. */
export function eventType(key: string): EventType {
  const type = findEventType(key);
  if (type === undefined) {
    throw new Error(`no event type ${key} in the catalog`);
  }
  return type;
}
