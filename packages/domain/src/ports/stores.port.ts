import type { Admin, Project } from '../model/project.js';
import type { Form, Trigger } from '../model/form.js';
import type { Subscription } from '../model/subscription.js';
import type { UserState } from '../model/user-state.js';
import type { SuppressionReason, WebhookEvent } from '../model/event.js';
import type { Attempt, Delivery, DeliveryStatus } from '../model/delivery.js';
import type { Json } from '../model/json.js';
import type { Page, PageRequest } from './cursor.js';
import type { ResponseClass } from '../delivery/log-search.js';

/** Projects and their platform keys. */
export interface ProjectStore {
  insert(project: Project): Promise<void>;
  get(id: string): Promise<Project | null>;
  findByPlatformKeyHash(hash: string): Promise<Project | null>;
  /** Replaces the project's platform key hash (the old key finds nothing after this); false when there is no such project. */
  setPlatformKeyHash(id: string, hash: string): Promise<boolean>;
  /**
   * Deletes the project with everything of it, at once: admins, forms, triggers, webhooks, user
   * states, activities, events, deliveries and their attempts. False when there is no such project.
   */
  delete(id: string): Promise<boolean>;
}

/** Admins and their API keys. */
export interface AdminStore {
  insert(admin: Admin): Promise<void>;
  get(projectId: string, id: string): Promise<Admin | null>;
  update(admin: Admin): Promise<void>;
  delete(projectId: string, id: string): Promise<boolean>;
  findByApiKeyHash(hash: string): Promise<Admin | null>;
  /** Which of these projects have at least one active API admin right now. */
  projectsWithActiveApiAdmin(projectIds: readonly string[]): Promise<ReadonlySet<string>>;
}

/** Forms and triggers, as the platform declares them. */
/** What an interactive moment reads before calling anyone (see `FormStore.getFormContext`). */
export interface FormContext {
  readonly project: Project | null;
  readonly form: Form | null;
  /** Every subscription (enabled or not) to the moment's event keys, in creation order. */
  readonly subscriptions: readonly Subscription[];
  /** Whether the project has an active API admin (without one, nothing is sent). */
  readonly hasApiAdmin: boolean;
}

export interface FormStore {
  upsertForm(form: Form): Promise<void>;
  getForm(projectId: string, formId: string): Promise<Form | null>;
  /**
   * The project, the form, the subscriptions to `eventKeys` and whether an active API admin
   * exists — what `projects.get`, `getForm`, `subscriptions.listForEvents` and
   * `admins.projectsWithActiveApiAdmin` answer, read at once (one statement in SQL: an interactive
   * call waits for it).
   */
  getFormContext(projectId: string, formId: string, eventKeys: readonly string[]): Promise<FormContext>;
  listForms(projectId: string): Promise<readonly Form[]>;
  /**
   * Deletes a form and takes it out of every user's assignments, at once (a form created again
   * under its id starts with nobody assigned); false when there was no such form.
   */
  deleteForm(projectId: string, formId: string): Promise<boolean>;
  upsertTrigger(trigger: Trigger): Promise<void>;
  listTriggers(projectId: string): Promise<readonly Trigger[]>;
  /** Deletes a trigger; false when there was no such trigger. */
  deleteTrigger(projectId: string, triggerId: string): Promise<boolean>;
}

/** Webhooks. Lists are in creation order (createdAt, then id). */
export interface SubscriptionStore {
  insert(subscription: Subscription): Promise<void>;
  update(subscription: Subscription): Promise<void>;
  /** Deletes a webhook; its pending deliveries become suppressed (`subscription_disabled`), its log stays. */
  delete(projectId: string, id: string): Promise<boolean>;
  get(projectId: string, id: string): Promise<Subscription | null>;
  /** The subscription of this project whose normalised URL is `url`, if any. */
  findByUrl(projectId: string, url: string): Promise<Subscription | null>;
  list(projectId: string, page: PageRequest): Promise<Page<Subscription>>;
  /** Every subscription (enabled or not) to any of these concrete keys, in creation order. */
  listForEvents(projectId: string, eventKeys: readonly string[]): Promise<readonly Subscription[]>;
}

/** Completion state per user (or child). */
export interface UserStateStore {
  /** The states of those users that exist; unknown ids are absent from the result. */
  load(projectId: string, userIds: readonly string[]): Promise<readonly UserState[]>;
  /** The children whose parent is `parentId`. */
  children(projectId: string, parentId: string): Promise<readonly UserState[]>;
  save(states: readonly UserState[]): Promise<void>;
  /**
   * Inside a transaction: waits until no other transaction holds any of these users, then holds
   * them until this one ends, so read-modify-write of completion state never interleaves.
   */
  lock(projectId: string, userIds: readonly string[]): Promise<void>;
}

/** What an activity (or form interaction) produced, kept so a repeat answers the same. */
export interface ActivityRecord {
  readonly projectId: string;
  readonly id: string;
  readonly type: string;
  readonly receivedAt: Date;
  /** The answer given the first time, returned again on a repeat. */
  readonly result: Json;
  /**
   * The fingerprint of the request (`activityFingerprint`, `interactionFingerprint`): a repeat with
   * another one is refused. Absent on records kept from before fingerprints, which answer any repeat.
   */
  readonly fingerprint?: string;
}

/** What activities produced: completion states, events, their deliveries, and the attempts already made (interactive calls). */
export interface ProducedRecords {
  readonly users: readonly UserState[];
  readonly events: readonly WebhookEvent[];
  readonly deliveries: readonly Delivery[];
  readonly attempts: readonly Attempt[];
}

/** Idempotency of reported activities. */
export interface ActivityStore {
  /** Inserts the record; false when one with the same (projectId, id) exists already. */
  insert(record: ActivityRecord): Promise<boolean>;
  /**
   * All or nothing, atomically (one statement in Postgres): inserts every record and everything
   * they produced — or, when any record's (projectId, id) is recorded already, nothing at all, and
   * answers false. A batch of activities is written this way without a transaction of its own.
   */
  recordAll(records: readonly ActivityRecord[], produced: ProducedRecords): Promise<boolean>;
  find(projectId: string, id: string): Promise<ActivityRecord | null>;
  /** The records of these ids of one project that exist, in no particular order. */
  findMany(projectId: string, ids: readonly string[]): Promise<readonly ActivityRecord[]>;
}

/** Filters of the delivery log; every filter given must hold. */
export interface DeliveryFilter {
  readonly subscriptionId?: string;
  readonly eventKey?: string;
  readonly status?: DeliveryStatus;
  /** Created at or after this time. */
  readonly createdFrom?: Date;
  /** Created before this time. */
  readonly createdBefore?: Date;
  /** At least one attempt (of any round) got an answer of this class (`responseClassOf`). */
  readonly responseClass?: ResponseClass;
  /** The event's id (`msg_…`, the `webhook-id` a receiver saw). */
  readonly eventId?: string;
  /** The event concerns this user: id or username, exactly (`concernsApplicant`). */
  readonly applicant?: string;
}

/** A delivery with its event and every attempt, for the log. */
export interface DeliveryDetail {
  readonly delivery: Delivery;
  readonly event: WebhookEvent;
  readonly attempts: readonly Attempt[];
}

/** A failed delivery, with what deciding its resend needs of its event. */
export interface ResendCandidate {
  readonly delivery: Delivery;
  /** Why its event was suppressed as a whole, if it was. */
  readonly eventSuppressed: SuppressionReason | null;
}

/** Which failed deliveries a bulk resend looks at. */
export interface FailedFilter {
  /** Created at or after this time. */
  readonly since: Date;
  readonly subscriptionId?: string;
}

/** Events, deliveries and attempts as the log and the use cases see them (the worker uses DeliveryQueue). */
export interface DeliveryStore {
  insertEvents(events: readonly WebhookEvent[]): Promise<void>;
  insertDeliveries(deliveries: readonly Delivery[]): Promise<void>;
  insertAttempts(attempts: readonly Attempt[]): Promise<void>;
  get(projectId: string, id: string): Promise<DeliveryDetail | null>;
  /** Newest first. */
  list(projectId: string, filter: DeliveryFilter, page: PageRequest): Promise<Page<Delivery>>;
  /**
   * Makes these deliveries pending again, due at `at`, starting a new round of attempts. Returns
   * how many. Any number of ids (one statement whatever the count in SQL).
   */
  requeue(projectId: string, ids: readonly string[], at: Date): Promise<number>;
  /**
   * The project's failed deliveries matching `filter`, newest first, a page at a time. The cursor
   * is a position in that order (keyset), so pages stay right while the deliveries of earlier
   * pages are requeued (and so stop being failed) between calls.
   */
  failedSince(projectId: string, filter: FailedFilter, page: PageRequest): Promise<Page<ResendCandidate>>;
}

/** All stores, as one transaction (or autocommit) sees them. */
export interface Stores {
  readonly projects: ProjectStore;
  readonly admins: AdminStore;
  readonly forms: FormStore;
  readonly subscriptions: SubscriptionStore;
  readonly users: UserStateStore;
  readonly activities: ActivityStore;
  readonly deliveries: DeliveryStore;
}

/** The storage: every store in autocommit, and `transaction` for all-or-nothing work. */
export interface Storage extends Stores {
  /** Runs `work` in one transaction: it commits if `work` resolves and rolls back if it throws. */
  transaction<T>(work: (tx: Stores) => Promise<T>): Promise<T>;
  /** True when the database answers (readiness). */
  ping(): Promise<boolean>;
}
