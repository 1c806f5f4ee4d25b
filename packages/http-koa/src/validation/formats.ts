import { FormatRegistry } from '@sinclair/typebox';

/** RFC 3339 date-time (the ISO 8601 profile JSON Schema's `date-time` names), with a zone. */
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:Z|[+-]\d{2}:\d{2})$/i;

/** A pragmatic address check: one `@`, no spaces, a dot in the domain. Deliverability is not ours to judge. */
const EMAIL = /^[^\s@]{1,64}@[^\s@.]+(?:\.[^\s@.]+)+$/;

/** True for an RFC 3339 date-time that names a real instant. */
function isDateTime(value: string): boolean {
  return DATE_TIME.test(value) && !Number.isNaN(Date.parse(value));
}

/** True for a plausible e-mail address of at most 254 characters. */
function isEmail(value: string): boolean {
  return value.length <= 254 && EMAIL.test(value);
}

/**
 * Registers the string formats our schemas use with TypeBox (whose checker refuses unknown
 * formats). Idempotent; a format registered already by someone else is kept.
 */
export function registerFormats(): void {
  if (!FormatRegistry.Has('date-time')) FormatRegistry.Set('date-time', isDateTime);
  if (!FormatRegistry.Has('email')) FormatRegistry.Set('email', isEmail);
}
