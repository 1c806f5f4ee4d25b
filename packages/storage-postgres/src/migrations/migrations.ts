import type { Migration } from 'kysely';
import * as core from './2026-11-27T00-00-core.js';
import * as retention from './2026-12-03T10-00-retention.js';
import * as endpointHealth from './2026-12-03T10-01-endpoint-health.js';
import * as formReach from './2026-12-03T12-00-form-reach.js';
import * as activityFingerprint from './2026-12-03T13-00-activity-fingerprint.js';
import * as liveListeners from './2026-12-03T14-00-live-listeners.js';
import * as attemptEvidence from './2026-12-03T15-00-attempt-evidence.js';
import * as applicantSearch from './2026-12-03T18-00-applicant-search.js';
import * as resentAt from './2026-12-03T20-17-h17-resent-at.js';

/**
 * Every migration, by name, in the order they apply (names sort by date).
 * A static list rather than a folder read at run time: bundlers and `tsx` see the imports.
 */
export const MIGRATIONS: Readonly<Record<string, Migration>> = {
  '2026-11-27T00-00-core': core,
  '2026-12-03T10-00-retention': retention,
  '2026-12-03T10-01-endpoint-health': endpointHealth,
  '2026-12-03T12-00-form-reach': formReach,
  '2026-12-03T13-00-activity-fingerprint': activityFingerprint,
  '2026-12-03T14-00-live-listeners': liveListeners,
  '2026-12-03T15-00-attempt-evidence': attemptEvidence,
  '2026-12-03T18-00-applicant-search': applicantSearch,
  '2026-12-03T20-17-h17-resent-at': resentAt,
};
