import type { Migration } from 'kysely';
import * as core from './2026-11-27T00-00-core.js';
import * as activityFingerprint from './2026-12-03T13-00-activity-fingerprint.js';

/**
 * Every migration, by name, in the order they apply (names sort by date).
 * A static list rather than a folder read at run time: bundlers and `tsx` see the imports.
 */
export const MIGRATIONS: Readonly<Record<string, Migration>> = {
  '2026-11-27T00-00-core': core,
  '2026-12-03T13-00-activity-fingerprint': activityFingerprint,
};
