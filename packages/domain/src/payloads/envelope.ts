import type { Origin, PlatformId } from '../model/activity.js';
import type { Json, JsonObject } from '../model/json.js';
import type { Project } from '../model/project.js';
import { objectWithoutPasswords } from './without-passwords.js';

export { withoutPasswords } from './without-passwords.js';

/** What a payload is built from. */
export interface EnvelopeInput {
  readonly eventId: string;
  /** The concrete event key, such as `form_submit_42`. */
  readonly key: string;
  readonly occurredAt: Date;
  readonly project: Pick<Project, 'id' | 'name' | 'system'>;
  /** The platform's activity (or interaction) id, as it was sent: `meta_info.activity_id`. */
  readonly activityId: PlatformId;
  readonly origin: Origin;
  readonly userInfo: JsonObject | readonly JsonObject[];
  /** The event's own fields (`doc`, `form_info`, …); passwords are removed at any depth. */
  readonly extras: JsonObject;
  /** For group events split in pages: which page of how many. */
  readonly page?: { readonly number: number; readonly of: number };
}

/** The fields every payload has; an extra of the same name is a bug of the planner. */
export const ENVELOPE_KEYS: readonly string[] = ['event', 'event_id', 'occurred_at', 'project_id', 'user_info', 'meta_info'];

/**
 * The payload every subscriber of an event receives:
 * `{ event, event_id, occurred_at, project_id, user_info, meta_info, ...extras }`, where
 * `meta_info` says which project, system, activity and origin, when, and which page.
 * Throws when an extra would overwrite an envelope field (a bug of the caller).
 */
export function buildEnvelope(input: EnvelopeInput): JsonObject {
  const clash = Object.keys(input.extras).find((key) => ENVELOPE_KEYS.includes(key));
  if (clash !== undefined) {
    throw new Error(`payload extra ${clash} would overwrite an envelope field`);
  }
  const occurredAt = input.occurredAt.toISOString();
  const metaInfo: JsonObject = {
    project_id: input.project.id,
    project_name: input.project.name,
    system: input.project.system,
    activity_id: input.activityId,
    origin: input.origin,
    occurred_at: occurredAt,
  };
  if (input.page !== undefined) {
    metaInfo['page'] = { number: input.page.number, of: input.page.of };
  }
  const userInfo: Json = isList(input.userInfo) ? [...input.userInfo] : input.userInfo;
  return {
    event: input.key,
    event_id: input.eventId,
    occurred_at: occurredAt,
    project_id: input.project.id,
    user_info: userInfo,
    meta_info: metaInfo,
    ...objectWithoutPasswords(input.extras),
  };
}

function isList(value: JsonObject | readonly JsonObject[]): value is readonly JsonObject[] {
  return Array.isArray(value);
}
