import type { Json, JsonObject } from '../model/json.js';

/** Every response class, in the order a filter offers them. */
export const RESPONSE_CLASSES = ['2xx', '3xx', '4xx', '5xx', 'none'] as const;

/** A class of HTTP answer an attempt got: `2xx` … `5xx`, or `none` (sent, but no HTTP answer: timeout, refused, …). */
export type ResponseClass = (typeof RESPONSE_CLASSES)[number];

/**
 * The response class of an attempt: its status code's hundred, or `none` when it was sent and no
 * HTTP answer came. A held attempt (never sent) has no class: null.
 */
export function responseClassOf(attempt: { readonly statusCode: number | null; readonly errorClass: string | null }): ResponseClass | null {
  if (attempt.statusCode === null) return attempt.errorClass === 'held' ? null : 'none';
  const hundred = Math.floor(attempt.statusCode / 100);
  return hundred >= 2 && hundred <= 5 ? (`${hundred}xx` as ResponseClass) : null;
}

/**
 * The `user_info` shapes that name `applicant`: that `id` or that `username`, exactly; a whole
 * number is also the numeric id (payloads show an id as the platform sent it: `42` or `"42"`).
 * One place for the rule: `concernsApplicant` and the SQL store (jsonb containment) both use it.
 */
export function applicantShapes(applicant: string): readonly JsonObject[] {
  const shapes: JsonObject[] = [{ id: applicant }, { username: applicant }];
  if (/^(0|[1-9][0-9]*)$/.test(applicant) && Number.isSafeInteger(Number(applicant))) shapes.push({ id: Number(applicant) });
  return shapes;
}

/** True when the payload's `user_info` (one user, or any user of a group event) has one of the {@link applicantShapes}. */
export function concernsApplicant(payload: JsonObject, applicant: string): boolean {
  const users: readonly Json[] = Array.isArray(payload['user_info']) ? payload['user_info'] : [payload['user_info'] ?? null];
  const shapes = applicantShapes(applicant);
  return users.some((user) => isObject(user) && shapes.some((shape) => Object.entries(shape).every(([key, value]) => user[key] === value)));
}

const isObject = (value: Json): value is JsonObject => typeof value === 'object' && value !== null && !Array.isArray(value);
