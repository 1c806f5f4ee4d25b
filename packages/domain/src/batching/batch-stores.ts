import type { Attempt, Delivery } from '../model/delivery.js';
import type { WebhookEvent } from '../model/event.js';
import type { Project } from '../model/project.js';
import type { Form, Trigger } from '../model/form.js';
import type { Subscription } from '../model/subscription.js';
import type { UserState } from '../model/user-state.js';
import type { ProducedRecords } from '../ports/activity-store.port.js';
import type { Stores } from '../ports/storage.port.js';

/** Thrown when work run on BatchStores tries to change what a batch must only read. */
export class NotInABatch extends Error {}

/**
 * The stores as a batch of activities sees them, over storage outside any transaction. The
 * configuration it reads (projects, triggers, forms, subscriptions, API admins) is read once per
 * batch and shared; what it writes — completion states, events, deliveries, attempts — is gathered
 * and handed over by `takeProduced`, for the caller to write atomically with the activity records
 * (ActivityRecordStore.recordAll). Completion states read back see the batch's own saves, so activities
 * of one user in a batch see each other in order. Changing configuration throws NotInABatch.
 */
export class BatchStores implements Stores {
  readonly projects: Stores['projects'];
  readonly admins: Stores['admins'];
  readonly forms: Stores['forms'];
  readonly subscriptions: Stores['subscriptions'];
  readonly users: Stores['users'];
  readonly activities: Stores['activities'];
  readonly deliveries: Stores['deliveries'];

  private readonly events: WebhookEvent[] = [];
  private readonly queued: Delivery[] = [];
  private readonly attempts: Attempt[] = [];
  private readonly states = new Map<string, UserState>();
  private readonly memo = new Map<string, Promise<unknown>>();

  constructor(private readonly inner: Stores) {
    const once = <T>(key: string, read: () => Promise<T>): Promise<T> => {
      let found = this.memo.get(key) as Promise<T> | undefined;
      if (!found) {
        found = read();
        this.memo.set(key, found);
      }
      return found;
    };
    const refuse = (what: string) => async (): Promise<never> => {
      throw new NotInABatch(`${what} cannot change inside a batch of activities`);
    };
    this.projects = {
      insert: refuse('projects'),
      setPlatformKeyHash: refuse('projects'),
      delete: refuse('projects'),
      get: (id) => once<Project | null>(`project\0${id}`, () => inner.projects.get(id)),
      findByPlatformKeyHash: (hash) => inner.projects.findByPlatformKeyHash(hash),
    };
    this.admins = {
      insert: refuse('admins'),
      update: refuse('admins'),
      delete: refuse('admins'),
      get: (projectId, id) => inner.admins.get(projectId, id),
      findByApiKeyHash: (hash) => inner.admins.findByApiKeyHash(hash),
      projectsWithActiveApiAdmin: (ids) => once(`admins\0${[...ids].sort().join('\0')}`, () => inner.admins.projectsWithActiveApiAdmin(ids)),
    };
    this.forms = {
      upsertForm: refuse('forms'),
      deleteForm: refuse('forms'),
      upsertTrigger: refuse('triggers'),
      deleteTrigger: refuse('triggers'),
      getForm: (projectId, formId) => once<Form | null>(`form\0${projectId}\0${formId}`, () => inner.forms.getForm(projectId, formId)),
      listForms: (projectId) => once<readonly Form[]>(`forms\0${projectId}`, () => inner.forms.listForms(projectId)),
      listTriggers: (projectId) => once<readonly Trigger[]>(`triggers\0${projectId}`, () => inner.forms.listTriggers(projectId)),
    };
    this.subscriptions = {
      insert: refuse('subscriptions'),
      update: refuse('subscriptions'),
      delete: refuse('subscriptions'),
      get: (projectId, id) => inner.subscriptions.get(projectId, id),
      findByUrl: (projectId, url) => inner.subscriptions.findByUrl(projectId, url),
      list: (projectId, page) => inner.subscriptions.list(projectId, page),
      listForEvents: (projectId, keys) =>
        once<readonly Subscription[]>(`subs\0${projectId}\0${[...new Set(keys)].sort().join('\0')}`, () => inner.subscriptions.listForEvents(projectId, keys)),
    };
    this.users = {
      load: async (projectId, ids) => {
        const missing = ids.filter((id) => !this.states.has(stateKey(projectId, id)));
        const stored = missing.length > 0 ? await inner.users.load(projectId, missing) : [];
        const byId = new Map(stored.map((s) => [s.userId, s]));
        return ids.flatMap((id) => this.states.get(stateKey(projectId, id)) ?? byId.get(id) ?? []);
      },
      children: async (projectId, parentId) => {
        const stored = (await inner.users.children(projectId, parentId)).filter((s) => !this.states.has(stateKey(s.projectId, s.userId)));
        const mine = [...this.states.values()].filter((s) => s.projectId === projectId && s.parentId === parentId);
        return [...stored, ...mine].sort((a, b) => (a.userId < b.userId ? -1 : a.userId > b.userId ? 1 : 0));
      },
      save: async (states) => {
        for (const state of states) this.states.set(stateKey(state.projectId, state.userId), state);
      },
    };
    this.activities = {
      find: (projectId, id) => inner.activities.find(projectId, id),
      findMany: (projectId, ids) => inner.activities.findMany(projectId, ids),
    };
    this.deliveries = {
      insertEvents: async (events) => void this.events.push(...events),
      insertDeliveries: async (deliveries) => void this.queued.push(...deliveries),
      insertAttempts: async (attempts) => void this.attempts.push(...attempts),
      get: (projectId, id) => inner.deliveries.get(projectId, id),
      list: (projectId, filter, page) => inner.deliveries.list(projectId, filter, page),
      counts: (projectId, filter) => inner.deliveries.counts(projectId, filter),
      failedSince: (projectId, filter, page) => inner.deliveries.failedSince(projectId, filter, page),
      healthSince: (projectId, since) => inner.deliveries.healthSince(projectId, since),
      eventSuppressions: (projectId, eventIds) => inner.deliveries.eventSuppressions(projectId, eventIds),
      requeue: refuse('deliveries'),
    };
  }

  /** What the batch gathered, handed over (and forgotten here) for the caller to write with its records. */
  takeProduced(): ProducedRecords {
    const users = [...this.states.values()];
    this.states.clear();
    return { users, events: this.events.splice(0), deliveries: this.queued.splice(0), attempts: this.attempts.splice(0) };
  }
}

const stateKey = (projectId: string, userId: string): string => `${projectId}\0${userId}`;
