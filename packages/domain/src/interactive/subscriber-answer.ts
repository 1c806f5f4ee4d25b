import type { MessageType } from '../model/decision.js';
import type { Json } from '../model/json.js';
import { parseMessageType } from './message-type.js';
import { isSafeRedirect, MAX_REDIRECT_LENGTH } from './redirect-url.js';
import { unsafeText } from '../text/unsafe-text.js';

/** Longest message text a subscriber may send. */
export const MAX_MESSAGE_LENGTH = 2000;
/** Most fields a subscriber's `jdoc` may patch. */
export const MAX_JDOC_KEYS = 500;
/** Longest field id in `focus_on`. */
export const MAX_FOCUS_LENGTH = 200;

/** What an interactive subscriber answered, validated; every part optional. */
export interface SubscriberAnswer {
  readonly msg?: string;
  readonly msgType?: MessageType;
  /** Field id → new value. */
  readonly jdoc?: Readonly<Record<string, Json>>;
  readonly focusOn?: string;
  /** An absolute http(s) URL. */
  readonly redirect?: string;
}

/** A parsed answer, or why the answer is unusable (which makes the call a failure). */
export type ParsedSubscriberAnswer =
  | { readonly kind: 'ok'; readonly answer: SubscriberAnswer }
  | { readonly kind: 'invalid'; readonly reason: string };

type Field<T> = { readonly value: T | undefined } | { readonly reason: string };

/**
 * Parses a subscriber's JSON answer: `msg`, `msg_type`, `jdoc`, `focus_on`, `redirect`, all
 * optional; unknown fields are ignored. An empty (or blank) body is an empty answer. A field that
 * is `null` or an empty string counts as absent. A message without a type is `information`.
 * Anything malformed (not JSON, not an object, a field of the wrong type or too long, an unknown
 * message type, a redirect that is not an absolute http(s) URL) makes the whole answer invalid;
 * so does an answer cut short (`truncated`: longer than the transport reads), and one that holds,
 * anywhere, text no store can keep (NUL, a lone surrogate) or nesting deeper than
 * `MAX_JSON_DEPTH` (32) — the decision and the call's record are stored, so such an answer could
 * never be kept.
 */
export function parseSubscriberAnswer(body: string, truncated = false): ParsedSubscriberAnswer {
  if (truncated) return { kind: 'invalid', reason: 'the answer is longer than the service reads' };
  if (body.trim() === '') return { kind: 'ok', answer: {} };
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return { kind: 'invalid', reason: 'the answer is not JSON' };
  }
  if (!isObject(parsed)) return { kind: 'invalid', reason: 'the answer is not a JSON object' };
  const [unsafe] = unsafeText(parsed);
  if (unsafe) return { kind: 'invalid', reason: `${unsafe.path} ${unsafe.message}` };

  const msg = text(parsed['msg'], 'msg', MAX_MESSAGE_LENGTH);
  const msgType = messageType(parsed['msg_type']);
  const jdoc = patch(parsed['jdoc']);
  const focusOn = text(parsed['focus_on'], 'focus_on', MAX_FOCUS_LENGTH);
  const redirect = redirectOf(parsed['redirect']);
  for (const field of [msg, msgType, jdoc, focusOn, redirect]) {
    if ('reason' in field) return { kind: 'invalid', reason: field.reason };
  }
  const answer: {
    msg?: string;
    msgType?: MessageType;
    jdoc?: Readonly<Record<string, Json>>;
    focusOn?: string;
    redirect?: string;
  } = {};
  if ('value' in msg && msg.value !== undefined) {
    answer.msg = msg.value;
    answer.msgType = 'information';
  }
  if ('value' in msgType && msgType.value !== undefined) answer.msgType = msgType.value;
  if ('value' in jdoc && jdoc.value !== undefined) answer.jdoc = jdoc.value;
  if ('value' in focusOn && focusOn.value !== undefined) answer.focusOn = focusOn.value;
  if ('value' in redirect && redirect.value !== undefined) answer.redirect = redirect.value;
  return { kind: 'ok', answer };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function text(value: unknown, name: string, max: number): Field<string> {
  if (value === undefined || value === null || value === '') return { value: undefined };
  if (typeof value !== 'string') return { reason: `${name} must be a string` };
  if (value.length > max) return { reason: `${name} is longer than ${max} characters` };
  return { value };
}

function messageType(value: unknown): Field<MessageType> {
  const raw = text(value, 'msg_type', 50);
  if ('reason' in raw) return raw;
  if (raw.value === undefined) return { value: undefined };
  const type = parseMessageType(raw.value);
  return type === null ? { reason: `msg_type "${raw.value}" is not one of error, notification, warning, success, information` } : { value: type };
}

function patch(value: unknown): Field<Readonly<Record<string, Json>>> {
  if (value === undefined || value === null) return { value: undefined };
  if (!isObject(value)) return { reason: 'jdoc must be an object of field id → value' };
  if (Object.keys(value).length > MAX_JDOC_KEYS) return { reason: `jdoc has more than ${MAX_JDOC_KEYS} fields` };
  // JSON.parse only ever yields JSON values.
  return { value: value as Readonly<Record<string, Json>> };
}

function redirectOf(value: unknown): Field<string> {
  const raw = text(value, 'redirect', MAX_REDIRECT_LENGTH);
  if ('reason' in raw || raw.value === undefined) return raw;
  return isSafeRedirect(raw.value) ? raw : { reason: 'redirect must be an absolute http or https URL' };
}
