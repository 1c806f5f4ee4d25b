import type { Recorded } from '../ports/activity-recording.port.js';
import type { ActivityRecord } from '../ports/activity-store.port.js';

/** Two requests of one id are the same unless both have a fingerprint and they differ (records kept from before fingerprints have none). */
export function sameRequest(a: string | undefined, b: string | undefined): boolean {
  return a === undefined || b === undefined || a === b;
}

/** What an earlier record of the id answers a request: its answer for the same request, `id_reused` for another. */
export function earlierAnswer<T>(earlier: ActivityRecord, fingerprint: string): Recorded<T> {
  if (!sameRequest(earlier.fingerprint, fingerprint)) return { kind: 'id_reused' };
  return { kind: 'earlier', value: earlier.result as T };
}
