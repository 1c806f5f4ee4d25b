import { eventType } from '../catalog/event-catalog.js';
import { concreteKey } from '../catalog/event-key.js';
import { PAYMENT_KIND_EVENTS } from '../catalog/payment-kinds.js';
import type { Activity, ActivityType, UserRef } from '../model/activity.js';
import type { SuppressionReason } from '../model/event.js';
import type { Json, JsonObject } from '../model/json.js';
import type { Project } from '../model/project.js';
import { userInfo } from '../payloads/user-info.js';
import { eventPayload } from './event-payload.js';
import type { PlannedEvent } from './planned-event.js';
import { suppressionOf } from './suppression.js';

/** What planning an activity needs to know beyond the activity. */
export interface ActivityPlanContext {
  readonly project: Project;
  /** True when this `registered` activity is the user's first registration. */
  readonly firstRegistration: boolean;
  /** The most applicants one page of a group event carries. */
  readonly groupPageSize: number;
}

/** Whom an activity's events are about: one user, or a group (paged into several events) as each one's user_info. */
type Subjects =
  | { readonly kind: 'one'; readonly user: UserRef }
  | { readonly kind: 'group'; readonly infos: readonly JsonObject[] };

/** How one activity type fires events. Keys and payload field names come from the catalog. */
interface ActivityRule<A extends Activity> {
  /** Catalog keys fired, in order. */
  events(activity: A, ctx: ActivityPlanContext): readonly string[];
  subjects(activity: A): Subjects;
  /** Values offered for the catalog's payload fields of those events. */
  fields(activity: A): Readonly<Partial<Record<string, Json>>>;
  /** An activity-specific reason not to send, if any. */
  suppressed(activity: A): SuppressionReason | null;
}

const one = (activity: { readonly user: UserRef }): Subjects => ({ kind: 'one', user: activity.user });
const group = (activity: { readonly users: readonly UserRef[] }): Subjects => ({ kind: 'group', infos: activity.users.map((user) => userInfo(user)) });
const never = (): null => null;

/** The activities table of the HTTP contract, as data. */
const RULES: { readonly [T in ActivityType]: ActivityRule<Extract<Activity, { readonly type: T }>> } = {
  registered: {
    events: (_activity, ctx) => (ctx.firstRegistration ? ['user_registered'] : []),
    subjects: one,
    fields: () => ({}),
    suppressed: never,
  },
  child_added: { events: () => [], subjects: one, fields: () => ({}), suppressed: never },
  // Completion events an assignment change causes are planned with the completion (planAssignmentCompletions).
  form_assigned: { events: () => [], subjects: one, fields: () => ({}), suppressed: never },
  form_unassigned: { events: () => [], subjects: one, fields: () => ({}), suppressed: never },
  login: {
    events: () => ['login_success'],
    subjects: one,
    fields: () => ({}),
    suppressed: (activity) => (activity.via === 'remember_me' ? 'remember_me' : null),
  },
  credentials_changed: {
    events: () => ['edit_user_credentials'],
    subjects: one,
    fields: (activity) => ({ username: activity.user.username }),
    suppressed: never,
  },
  status_changed: {
    events: () => ['status_update'],
    // Each applicant's user_info says the status it came from, when the platform said.
    subjects: (activity) => ({
      kind: 'group',
      infos: activity.users.map((user) => ({ ...userInfo(user), ...(user.previousStatus === undefined ? {} : { previous_status: user.previousStatus }) })),
    }),
    fields: (activity) => ({ status_info: { from: activity.status.from ?? null, to: activity.status.to } }),
    suppressed: never,
  },
  tag_changed: {
    events: () => ['tag_update'],
    subjects: group,
    fields: (activity) => ({ tag_info: { name: activity.tag.name, action: activity.tag.action } }),
    suppressed: never,
  },
  payment: {
    events: (activity) => ['payment_event', ...optional(PAYMENT_KIND_EVENTS[activity.kind] ?? undefined)],
    subjects: one,
    fields: (activity) => ({
      payment_info: { ...activity.payment, kind: activity.kind },
      cart_info: activity.cart,
      allocated_payments: [...activity.allocations],
    }),
    suppressed: never,
  },
  order_updated: {
    events: () => ['user_order_updated'],
    subjects: one,
    fields: (activity) => ({
      cart_info: activity.cart,
      change: { action: activity.change.action, product: activity.change.product },
    }),
    suppressed: never,
  },
};

/**
 * The events an activity fires, per the activities table: each with its user_info, its payload
 * fields (named by the catalog) and, when it must not be sent, why (`api_origin`,
 * `family_only`, `remember_me`). Group events (status, tag) make one event per page of at most
 * `groupPageSize` applicants; a group of nobody fires nothing.
 */
export function planActivityEvents(activity: Activity, ctx: ActivityPlanContext): PlannedEvent[] {
  if (!Number.isSafeInteger(ctx.groupPageSize) || ctx.groupPageSize < 1) {
    throw new RangeError(`groupPageSize must be a whole number ≥ 1, got ${ctx.groupPageSize}`);
  }
  // The rule of this very type. TypeScript cannot correlate `RULES[activity.type]` with
  // `activity`; the method signatures of ActivityRule let the assignment through.
  const rule: ActivityRule<Activity> = RULES[activity.type];
  const subjects = rule.subjects(activity);
  const fields = rule.fields(activity);
  const reason = rule.suppressed(activity);
  return rule.events(activity, ctx).flatMap((key): PlannedEvent[] => {
    const type = eventType(key);
    // The catalog says which events are about a group (the published payload schemas follow it).
    if (type.group !== (subjects.kind === 'group')) throw new Error(`event ${key} is ${type.group ? '' : 'not '}a group event in the catalog, unlike its rule`);
    const base = {
      key: concreteKey(type, null),
      extras: eventPayload(type, fields),
      suppressed: suppressionOf(type, activity.origin, ctx.project.system, reason),
    };
    if (subjects.kind === 'one') {
      return [{ ...base, userInfo: userInfo(subjects.user) }];
    }
    const pages = pagesOf(subjects.infos, ctx.groupPageSize);
    return pages.map((infos, index) => ({
      ...base,
      userInfo: infos,
      page: { number: index + 1, of: pages.length },
    }));
  });
}

/** `items` cut into consecutive pages of at most `size`; no pages for no items. */
function pagesOf<T>(items: readonly T[], size: number): T[][] {
  const pages: T[][] = [];
  for (let start = 0; start < items.length; start += size) {
    pages.push(items.slice(start, start + size));
  }
  return pages;
}

function optional<T>(value: T | undefined): T[] {
  return value === undefined ? [] : [value];
}

