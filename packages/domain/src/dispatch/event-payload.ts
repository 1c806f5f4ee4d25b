import type { EventType } from '../catalog/event-type.js';
import type { Json, JsonObject } from '../model/json.js';

/**
 * The payload fields the catalog declares for `type`, taken from `source` (which may offer
 * more). A declared field missing from `source` is a bug of the planner, so it throws.
 */
export function eventPayload(type: EventType, source: Readonly<Partial<Record<string, Json>>>): JsonObject {
  return Object.fromEntries(
    type.payload.map((field) => {
      const value = Object.hasOwn(source, field) ? source[field] : undefined;
      if (value === undefined) {
        throw new Error(`event ${type.key} declares payload field ${field}, which the planner does not provide`);
      }
      return [field, value];
    }),
  );
}
