import { createHash } from 'node:crypto';
import type { Activity, FormInteraction } from '../model/activity.js';

/**
 * JSON text of `value` that does not depend on how it was written: object keys sorted (at any
 * depth), dates as ISO strings, undefined properties left out. Numbers and strings stay apart
 * (`42` is not `"42"`): a body that sends an id as a number is another body than one that sends
 * it as a string, since its payloads differ.
 */
export function canonicalJson(value: unknown): string {
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map((item) => (item === undefined ? 'null' : canonicalJson(item))).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value)
      .filter(([, item]) => item !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** SHA-256 (hex) of the canonical JSON of a request, tagged with what it is. */
function fingerprint(kind: string, request: unknown): string {
  return createHash('sha256').update(kind).update('\n').update(canonicalJson(request)).digest('hex');
}

/** The fingerprint of an activity as reported: a repeat of its id must have the same one. */
export function activityFingerprint(activity: Activity): string {
  return fingerprint('activity', activity);
}

/**
 * The fingerprint of a form interaction as the platform sent it (its moment and form included;
 * `occurredAt` only when it was sent): a repeat of its id must have the same one.
 */
export function interactionFingerprint(interaction: FormInteraction): string {
  return fingerprint('interaction', interaction);
}
