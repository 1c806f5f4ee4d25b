import type { EventType } from '../catalog/event-type.js';
import type { Origin } from '../model/activity.js';
import type { SuppressionReason } from '../model/event.js';
import type { SystemKind } from '../model/project.js';

/**
 * Why an event of `type` is recorded but not sent, from the rules every event shares:
 * activities of origin `api` fire nothing, and family-only events do not fire in individual
 * systems. `other` is an event-specific reason (such as `remember_me`), used when neither applies.
 */
export function suppressionOf(
  type: EventType,
  origin: Origin,
  system: SystemKind,
  other: SuppressionReason | null = null,
): SuppressionReason | null {
  if (origin === 'api') {
    return 'api_origin';
  }
  if (type.familyOnly && system !== 'family') {
    return 'family_only';
  }
  return other;
}
