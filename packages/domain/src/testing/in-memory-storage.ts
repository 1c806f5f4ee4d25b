import type { Admin, Project } from '../model/project.js';
import type { Form, Trigger } from '../model/form.js';
import type { Subscription } from '../model/subscription.js';
import type { UserState } from '../model/user-state.js';
import type { WebhookEvent } from '../model/event.js';
import type { Attempt, Delivery } from '../model/delivery.js';
import type { Page, PageRequest } from '../ports/cursor.js';
import { InvalidCursorError } from '../ports/cursor.js';
import type { ClaimedDelivery, DeliveryOutcome, DeliveryQueue, EndpointHealth, PruneCounts, QueueStats, RetentionPolicy, WorkSignal } from '../ports/delivery-queue.port.js';
import { INTERACTION_RECORD_TYPES } from '../use-cases/form-interactions.js';
import { hasStorableText, withoutText } from '../delivery/outcome-text.js';
import { concernsApplicant, responseClassOf } from '../delivery/log-search.js';
import type { Clock } from '../ports/clock.port.js';
import { ManualClock } from './manual-clock.js';
import type { ActivityRecord } from '../ports/activity-store.port.js';
import type { DeliveryDetail, DeliveryFilter } from '../ports/delivery-store.port.js';
import type { RecordingStorage, RecordingStores } from '../ports/recording-storage.port.js';

/** Everything the in-memory storage holds. Maps keyed by `${projectId}/${id}` where ids are per project. */
interface Data {
  projects: Map<string, Project>;
  admins: Map<string, Admin>;
  forms: Map<string, Form>;
  triggers: Map<string, Trigger>;
  subscriptions: Map<string, Subscription>;
  users: Map<string, UserState>;
  activities: Map<string, ActivityRecord>;
  events: Map<string, WebhookEvent>;
  deliveries: Map<string, Delivery & { lockedBy: string | null; lockedUntil: Date | null }>;
  attempts: Attempt[];
}

const key = (projectId: string, id: string) => `${projectId}/${id}`;
const emptyData = (): Data => ({
  projects: new Map(),
  admins: new Map(),
  forms: new Map(),
  triggers: new Map(),
  subscriptions: new Map(),
  users: new Map(),
  activities: new Map(),
  events: new Map(),
  deliveries: new Map(),
  attempts: [],
});

/** Pages `items` (already in order) by their position, with an opaque cursor. */
function paginate<T>(items: readonly T[], page: PageRequest): Page<T> {
  const decoded = page.cursor === undefined ? 'at:0' : Buffer.from(page.cursor, 'base64url').toString();
  const start = /^at:\d{1,9}$/.test(decoded) ? Number(decoded.slice(3)) : Number.NaN;
  if (Number.isNaN(start)) throw new InvalidCursorError(page.cursor ?? '');
  const slice = items.slice(start, start + page.limit);
  const end = start + slice.length;
  return { items: slice, nextCursor: end < items.length ? Buffer.from(`at:${end}`).toString('base64url') : null };
}

/** A keyset cursor: the (createdAt, id) of the last item of a page. */
const encodePosition = (last: Delivery): string => Buffer.from(`${last.createdAt.getTime()}:${last.id}`).toString('base64url');

function decodePosition(cursor: string): { readonly at: number; readonly id: string } {
  const match = /^(\d{1,15}):(.+)$/.exec(Buffer.from(cursor, 'base64url').toString());
  if (!match?.[1] || match[2] === undefined) throw new InvalidCursorError(cursor);
  return { at: Number(match[1]), id: match[2] };
}

/** The stores over one data object (the live one, or a transaction's working copy). */
function storesOver(get: () => Data): RecordingStores {
  const d = get;
  const ordered = (subs: Iterable<Subscription>) =>
    [...subs].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.id.localeCompare(b.id));
  /** The log's filters (`DeliveryFilter`): every filter given must hold. */
  const inLog = (x: Delivery, projectId: string, filter: DeliveryFilter): boolean =>
    x.projectId === projectId &&
    (filter.subscriptionId === undefined || x.subscriptionId === filter.subscriptionId) &&
    (filter.eventKey === undefined || x.eventKey === filter.eventKey) &&
    (filter.status === undefined || x.status === filter.status) &&
    (filter.createdFrom === undefined || x.createdAt >= filter.createdFrom) &&
    (filter.createdBefore === undefined || x.createdAt < filter.createdBefore) &&
    (filter.eventId === undefined || x.eventId === filter.eventId) &&
    (filter.resentAt === undefined || x.resentAt?.getTime() === filter.resentAt.getTime()) &&
    (filter.applicant === undefined || concernsApplicant(d().events.get(x.eventId)?.payload ?? {}, filter.applicant)) &&
    (filter.responseClass === undefined || d().attempts.some((a) => a.deliveryId === x.id && responseClassOf(a) === filter.responseClass));
  const plain = ({ lockedBy: _l, lockedUntil: _u, ...delivery }: Delivery & { lockedBy: unknown; lockedUntil: unknown }): Delivery => delivery;
  const stores: RecordingStores = {
    projects: {
      insert: async (p) => void d().projects.set(p.id, p),
      get: async (id) => d().projects.get(id) ?? null,
      findByPlatformKeyHash: async (hash) => [...d().projects.values()].find((p) => p.platformKeyHash === hash) ?? null,
      setPlatformKeyHash: async (id, hash) => {
        const found = d().projects.get(id);
        if (!found) return false;
        d().projects.set(id, { ...found, platformKeyHash: hash });
        return true;
      },
      delete: async (id) => {
        const data = d();
        if (!data.projects.delete(id)) return false;
        const maps: Map<string, { readonly projectId: string }>[] = [data.admins, data.forms, data.triggers, data.subscriptions, data.users, data.activities, data.events, data.deliveries];
        for (const map of maps) for (const [k, v] of map) if (v.projectId === id) map.delete(k);
        data.attempts = data.attempts.filter((a) => a.projectId !== id);
        return true;
      },
    },
    admins: {
      insert: async (a) => void d().admins.set(key(a.projectId, a.id), a),
      get: async (projectId, id) => d().admins.get(key(projectId, id)) ?? null,
      update: async (a) => void d().admins.set(key(a.projectId, a.id), a),
      delete: async (projectId, id) => d().admins.delete(key(projectId, id)),
      findByApiKeyHash: async (hash) => [...d().admins.values()].find((a) => a.apiKeyHash === hash) ?? null,
      projectsWithActiveApiAdmin: async (ids) =>
        new Set([...d().admins.values()].filter((a) => a.active && a.apiAdmin && ids.includes(a.projectId)).map((a) => a.projectId)),
    },
    forms: {
      upsertForm: async (f) => void d().forms.set(key(f.projectId, f.id), f),
      getForm: async (projectId, id) => d().forms.get(key(projectId, id)) ?? null,
      listForms: async (projectId) => [...d().forms.values()].filter((f) => f.projectId === projectId).sort((a, b) => a.id.localeCompare(b.id)),
      deleteForm: async (projectId, formId) => {
        if (!d().forms.delete(key(projectId, formId))) return false;
        for (const [k, u] of d().users) {
          if (u.projectId === projectId && u.assignments.some((a) => a.formId === formId)) {
            d().users.set(k, { ...u, assignments: u.assignments.filter((a) => a.formId !== formId) });
          }
        }
        return true;
      },
      upsertTrigger: async (t) => void d().triggers.set(key(t.projectId, t.id), t),
      listTriggers: async (projectId) => [...d().triggers.values()].filter((t) => t.projectId === projectId).sort((a, b) => a.id.localeCompare(b.id)),
      deleteTrigger: async (projectId, triggerId) => d().triggers.delete(key(projectId, triggerId)),
    },
    subscriptions: {
      insert: async (s) => {
        if ([...d().subscriptions.values()].some((o) => o.projectId === s.projectId && o.url === s.url)) {
          throw new Error(`unique violation: url ${s.url} is subscribed already`);
        }
        d().subscriptions.set(s.id, s);
      },
      update: async (s) => void d().subscriptions.set(s.id, s),
      delete: async (projectId, id) => {
        const found = d().subscriptions.get(id);
        if (found?.projectId !== projectId) return false;
        d().subscriptions.delete(id);
        for (const [k, del] of d().deliveries) {
          if (del.subscriptionId === id && del.status === 'pending') {
            d().deliveries.set(k, { ...del, status: 'suppressed', suppressedReason: 'subscription_disabled', nextAttemptAt: null, lockedBy: null, lockedUntil: null });
          }
        }
        return true;
      },
      get: async (projectId, id) => {
        const found = d().subscriptions.get(id);
        return found?.projectId === projectId ? found : null;
      },
      findByUrl: async (projectId, url) => [...d().subscriptions.values()].find((s) => s.projectId === projectId && s.url === url) ?? null,
      list: async (projectId, page) => paginate(ordered([...d().subscriptions.values()].filter((s) => s.projectId === projectId)), page),
      listForEvents: async (projectId, keys) =>
        ordered([...d().subscriptions.values()].filter((s) => s.projectId === projectId && keys.includes(s.eventKey))),
    },
    users: {
      load: async (projectId, ids) => ids.flatMap((id) => d().users.get(key(projectId, id)) ?? []),
      children: async (projectId, parentId) => [...d().users.values()].filter((u) => u.projectId === projectId && u.parentId === parentId),
      save: async (states) => states.forEach((s) => d().users.set(key(s.projectId, s.userId), s)),
      // Transactions run one at a time here: holding a user is already implied.
      lock: async () => undefined,
    },
    activities: {
      insert: async (r) => {
        if (d().activities.has(key(r.projectId, r.id))) return false;
        d().activities.set(key(r.projectId, r.id), r);
        return true;
      },
      recordAll: async (records, produced) => {
        const keys = records.map((r) => key(r.projectId, r.id));
        if (new Set(keys).size < keys.length || keys.some((k) => d().activities.has(k))) return false;
        for (const r of records) d().activities.set(key(r.projectId, r.id), r);
        await stores.users.save(produced.users);
        await stores.deliveries.insertEvents(produced.events);
        await stores.deliveries.insertDeliveries(produced.deliveries);
        await stores.deliveries.insertAttempts(produced.attempts);
        return true;
      },
      find: async (projectId, id) => d().activities.get(key(projectId, id)) ?? null,
      findMany: async (projectId, ids) => [...new Set(ids)].flatMap((id) => d().activities.get(key(projectId, id)) ?? []),
    },
    deliveries: {
      insertEvents: async (events) => events.forEach((e) => d().events.set(e.id, e)),
      insertDeliveries: async (deliveries) => deliveries.forEach((x) => d().deliveries.set(x.id, { ...x, lockedBy: null, lockedUntil: null })),
      insertAttempts: async (attempts) => void d().attempts.push(...attempts),
      get: async (projectId, id): Promise<DeliveryDetail | null> => {
        const found = d().deliveries.get(id);
        const event = found && d().events.get(found.eventId);
        if (found?.projectId !== projectId || !event) return null;
        return {
          delivery: plain(found),
          event,
          attempts: d().attempts.filter((a) => a.deliveryId === id).sort((a, b) => a.attemptedAt.getTime() - b.attemptedAt.getTime()),
        };
      },
      list: async (projectId, filter: DeliveryFilter, page) =>
        paginate(
          [...d().deliveries.values()]
            .filter((x) => inLog(x, projectId, filter))
            .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || b.id.localeCompare(a.id))
            .map(plain),
          page,
        ),
      counts: async (projectId, filter) => {
        const counts = { pending: 0, succeeded: 0, failed: 0, suppressed: 0, total: 0 };
        for (const x of d().deliveries.values()) {
          if (!inLog(x, projectId, filter)) continue;
          counts[x.status] += 1;
          counts.total += 1;
        }
        return counts;
      },
      requeue: async (projectId, ids, at) => {
        let count = 0;
        for (const id of ids) {
          const found = d().deliveries.get(id);
          if (found?.projectId !== projectId) continue;
          d().deliveries.set(id, { ...found, status: 'pending', nextAttemptAt: at, attemptCount: 0, suppressedReason: null, resentAt: at, lockedBy: null, lockedUntil: null, updatedAt: at });
          count += 1;
        }
        return count;
      },
      eventSuppressions: async (projectId, eventIds) =>
        new Map(eventIds.flatMap((id) => {
          const event = d().events.get(id);
          return event?.projectId === projectId ? [[id, event.suppressed] as const] : [];
        })),
      healthSince: async (projectId, since) => {
        const bySubscription = new Map<string, { succeeded: number; failed: number; pending: number; failedAttempts: number; failedBeforeSuccess: number; succeededAfterRetry: number }>();
        for (const x of d().deliveries.values()) {
          if (x.projectId !== projectId || x.createdAt < since || x.status === 'suppressed') continue;
          const counts = bySubscription.get(x.subscriptionId) ?? { succeeded: 0, failed: 0, pending: 0, failedAttempts: 0, failedBeforeSuccess: 0, succeededAfterRetry: 0 };
          counts[x.status] += 1;
          const failedBefore = x.status === 'succeeded' ? Math.max(0, x.attemptCount - 1) : 0;
          counts.failedAttempts += x.status === 'succeeded' ? failedBefore : x.attemptCount;
          counts.failedBeforeSuccess += failedBefore;
          if (failedBefore > 0) counts.succeededAfterRetry += 1;
          bySubscription.set(x.subscriptionId, counts);
        }
        return [...bySubscription].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([subscriptionId, counts]) => ({ subscriptionId, ...counts }));
      },
      failedSince: async (projectId, filter, page) => {
        const after = page.cursor === undefined ? null : decodePosition(page.cursor);
        const newestFirst = [...d().deliveries.values()]
          .filter(
            (x) =>
              inLog(x, projectId, { ...filter, status: 'failed' }) &&
              (after === null || x.createdAt.getTime() < after.at || (x.createdAt.getTime() === after.at && x.id < after.id)),
          )
          .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
        const items = newestFirst.slice(0, page.limit).map((x) => ({ delivery: plain(x), eventSuppressed: d().events.get(x.eventId)?.suppressed ?? null }));
        const last = items.at(-1)?.delivery;
        return { items, nextCursor: newestFirst.length > page.limit && last ? encodePosition(last) : null };
      },
    },
  };
  return stores;
}

/** A one-at-a-time lock, so transactions and autocommit calls never interleave. */
class Mutex {
  private tail: Promise<void> = Promise.resolve();

  async run<T>(work: () => Promise<T>): Promise<T> {
    const previous = this.tail;
    let release = () => {};
    this.tail = new Promise<void>((resolve) => (release = resolve));
    await previous;
    try {
      return await work();
    } finally {
      release();
    }
  }
}

/** Wraps every method of every store so that it runs under the lock. */
function locked(stores: RecordingStores, mutex: Mutex): RecordingStores {
  const wrap = <T extends object>(store: T): T =>
    new Proxy(store, {
      get: (target, prop) => {
        const value: unknown = Reflect.get(target, prop);
        return typeof value === 'function' ? (...args: unknown[]) => mutex.run(async () => (value as (...a: unknown[]) => unknown).apply(target, args)) : value;
      },
    });
  return {
    projects: wrap(stores.projects),
    admins: wrap(stores.admins),
    forms: wrap(stores.forms),
    subscriptions: wrap(stores.subscriptions),
    users: wrap(stores.users),
    activities: wrap(stores.activities),
    deliveries: wrap(stores.deliveries),
  };
}

/** A deep copy of the data (Dates and Maps survive). */
const copy = (data: Data): Data => structuredClone(data);

/**
 * Storage, DeliveryQueue and WorkSignal in memory, with real transactions (a working copy that
 * replaces the data on commit), leases and wake-ups. It passes the storage contract suite, so the
 * use cases can be tested end to end without a database.
 */
export class InMemoryStorage implements RecordingStorage, DeliveryQueue, WorkSignal {
  /** @param clock the database's clock: leases and due times are compared and set by it (the service's `ManualClock` in tests). */
  constructor(private readonly clock: Clock = new ManualClock()) {}

  private data: Data = emptyData();
  private readonly mutex = new Mutex();
  private readonly waiters = new Set<() => void>();
  private readonly stores = locked(storesOver(() => this.data), this.mutex);

  readonly projects = this.stores.projects;
  readonly admins = this.stores.admins;
  readonly forms = this.stores.forms;
  readonly subscriptions = this.stores.subscriptions;
  readonly users = this.stores.users;
  /** Recording activities outside a transaction wakes the workers when it queued work, as on commit. */
  readonly activities: RecordingStores['activities'] = {
    ...this.stores.activities,
    recordAll: async (records, produced) => {
      const recorded = await this.stores.activities.recordAll(records, produced);
      if (recorded && produced.deliveries.some((d) => d.status === 'pending')) this.wake();
      return recorded;
    },
  };
  /** Queuing deliveries outside a transaction (inserted pending, or requeued) wakes the workers too. */
  readonly deliveries: RecordingStores['deliveries'] = {
    ...this.stores.deliveries,
    insertDeliveries: async (deliveries) => {
      await this.stores.deliveries.insertDeliveries(deliveries);
      if (deliveries.some((d) => d.status === 'pending')) this.wake();
    },
    requeue: async (projectId, ids, at) => {
      const count = await this.stores.deliveries.requeue(projectId, ids, at);
      if (count > 0) this.wake();
      return count;
    },
  };

  /** Runs `work` on a working copy; the copy becomes the data if `work` resolves. */
  transaction<T>(work: (tx: RecordingStores) => Promise<T>): Promise<T> {
    return this.mutex.run(async () => {
      const working = copy(this.data);
      const result = await work(storesOver(() => working));
      const queued = [...working.deliveries.values()].some((x) => x.status === 'pending' && !this.data.deliveries.has(x.id));
      this.data = working;
      if (queued) this.wake();
      return result;
    });
  }

  /** Always ready. */
  async ping(): Promise<boolean> {
    return true;
  }

  /** Leases due deliveries to `workerId` (due and leases by this storage's clock). */
  claimDue(input: { readonly limit: number; readonly leaseMs: number; readonly workerId: string }): Promise<readonly ClaimedDelivery[]> {
    return this.mutex.run(async () => {
      const now = this.clock.now();
      const due = [...this.data.deliveries.values()]
        .filter((x) => x.status === 'pending' && x.nextAttemptAt !== null && x.nextAttemptAt <= now && (x.lockedUntil === null || x.lockedUntil < now))
        .sort((a, b) => (a.nextAttemptAt?.getTime() ?? 0) - (b.nextAttemptAt?.getTime() ?? 0))
        .slice(0, input.limit);
      const lockedUntil = new Date(now.getTime() + input.leaseMs);
      return due.flatMap((x) => {
        const event = this.data.events.get(x.eventId);
        const sub = this.data.subscriptions.get(x.subscriptionId);
        if (!event || !sub) return [];
        this.data.deliveries.set(x.id, { ...x, lockedBy: input.workerId, lockedUntil });
        return [
          {
            deliveryId: x.id,
            projectId: x.projectId,
            subscriptionId: x.subscriptionId,
            eventId: x.eventId,
            eventKey: x.eventKey,
            url: sub.url,
            subscriptionEnabled: sub.enabled,
            secrets: sub.secrets,
            timeoutMs: sub.timeoutMs,
            body: JSON.stringify(event.payload),
            attemptCount: x.attemptCount,
            createdAt: x.createdAt,
          },
        ];
      });
    });
  }

  /** Writes outcomes of deliveries still leased by `workerId` (one whose text cannot be stored, without it); others are ignored. */
  complete(workerId: string, outcomes: readonly DeliveryOutcome[]): Promise<void> {
    return this.mutex.run(async () => {
      const now = this.clock.now();
      const owned = outcomes
        .filter((o) => this.data.deliveries.get(o.deliveryId)?.lockedBy === workerId)
        // As a database would refuse it, text no store can keep is left out (the outcome still counts).
        .map((o) => (hasStorableText(o) ? o : withoutText(o)));
      for (const outcome of owned) {
        const x = this.data.deliveries.get(outcome.deliveryId);
        if (!x) continue;
        if (outcome.attempt) this.data.attempts.push(outcome.attempt);
        const next = outcome.next;
        const updatedAt = outcome.attempt?.attemptedAt ?? x.updatedAt;
        const base = { ...x, attemptCount: x.attemptCount + 1, lockedBy: null, lockedUntil: null, lastError: outcome.lastError, updatedAt };
        switch (next.kind) {
          case 'succeeded':
          case 'failed':
            this.data.deliveries.set(x.id, { ...base, status: next.kind, nextAttemptAt: null });
            break;
          case 'suppressed':
            this.data.deliveries.set(x.id, { ...base, status: 'suppressed', suppressedReason: next.reason, nextAttemptAt: null });
            break;
          case 'retry':
          case 'held':
            this.data.deliveries.set(x.id, { ...base, status: 'pending', nextAttemptAt: new Date(now.getTime() + next.delayMs) });
            break;
        }
      }
      this.recordHealth(owned, now);
      for (const outcome of owned) {
        const sub = outcome.disableSubscription && this.data.subscriptions.get(outcome.disableSubscription.subscriptionId);
        if (sub && outcome.disableSubscription) this.data.subscriptions.set(sub.id, { ...sub, enabled: false, disabledReason: outcome.disableSubscription.reason });
      }
    });
  }

  /** Endpoint health, per webhook of the batch: a success clears its failing period, else one starts (or runs on) and, once long enough, disables it. */
  private recordHealth(outcomes: readonly DeliveryOutcome[], now: Date): void {
    const verdicts = new Map<string, EndpointHealth>();
    for (const { endpoint } of outcomes) {
      if (endpoint && !verdicts.get(endpoint.subscriptionId)?.up) verdicts.set(endpoint.subscriptionId, endpoint);
    }
    for (const verdict of verdicts.values()) {
      const sub = this.data.subscriptions.get(verdict.subscriptionId);
      if (!sub) continue;
      if (verdict.up) {
        this.data.subscriptions.set(sub.id, { ...sub, failingSince: null });
        continue;
      }
      const failingSince = sub.failingSince ?? now;
      const disable = sub.enabled && now.getTime() - failingSince.getTime() >= verdict.disableAfterMs;
      this.data.subscriptions.set(sub.id, { ...sub, failingSince, ...(disable ? { enabled: false, disabledReason: 'failing' } : {}) });
    }
  }

  /** Gives leased deliveries back. */
  release(workerId: string, deliveryIds: readonly string[]): Promise<void> {
    return this.mutex.run(async () => {
      for (const id of deliveryIds) {
        const x = this.data.deliveries.get(id);
        if (x?.lockedBy === workerId) this.data.deliveries.set(id, { ...x, lockedBy: null, lockedUntil: null });
      }
      this.wake();
    });
  }

  /** Renews the leases `workerId` still holds, to `leaseMs` from now. */
  extend(workerId: string, deliveryIds: readonly string[], leaseMs: number): Promise<readonly string[]> {
    const until = new Date(this.clock.now().getTime() + leaseMs);
    return this.mutex.run(async () =>
      deliveryIds.filter((id) => {
        const x = this.data.deliveries.get(id);
        if (x?.lockedBy !== workerId || x.status !== 'pending') return false;
        this.data.deliveries.set(id, { ...x, lockedUntil: until });
        return true;
      }),
    );
  }

  /** Milliseconds until the earliest pending delivery can be claimed. */
  nextDueInMs(): Promise<number | null> {
    return this.mutex.run(async () => {
      // A leased delivery comes due again when its lease ends.
      const times = [...this.data.deliveries.values()].flatMap((x) =>
        x.status === 'pending' && x.nextAttemptAt ? [Math.max(x.nextAttemptAt.getTime(), x.lockedUntil?.getTime() ?? 0)] : [],
      );
      return times.length > 0 ? Math.min(...times) - this.clock.now().getTime() : null;
    });
  }

  /** How many deliveries are pending. */
  pendingCount(): Promise<number> {
    return this.mutex.run(async () => [...this.data.deliveries.values()].filter((x) => x.status === 'pending').length);
  }

  /** The queue's gauges, by this storage's clock. */
  stats(): Promise<QueueStats> {
    return this.mutex.run(async () => {
      const now = this.clock.now();
      const pending = [...this.data.deliveries.values()].filter((x) => x.status === 'pending');
      const due = pending.flatMap((x) => (x.nextAttemptAt && x.nextAttemptAt <= now ? [x.nextAttemptAt.getTime()] : []));
      return {
        pending: pending.length,
        due: due.length,
        oldestDueAgeMs: due.length > 0 ? now.getTime() - Math.min(...due) : null,
        retryingWebhooks: new Set(pending.filter((x) => x.attemptCount > 0).map((x) => x.subscriptionId)).size,
      };
    });
  }

  /** Deletes what `policy` says is too old by this storage's clock, at most `batchSize` of each kind (oldest first). */
  prune(policy: RetentionPolicy, batchSize: number): Promise<PruneCounts> {
    return this.mutex.run(async () => {
      const now = this.clock.now().getTime();
      const tooOld = (at: Date, keepMs: number) => at.getTime() < now - keepMs;
      const keep = { succeeded: policy.succeededMs, failed: policy.failedMs, suppressed: policy.suppressedMs };
      const counts = { succeeded: 0, failed: 0, suppressed: 0, activities: 0, interactions: 0 };
      const oldestFirst = <T>(items: T[], at: (item: T) => Date) => items.sort((a, b) => at(a).getTime() - at(b).getTime());
      const gone = oldestFirst(
        [...this.data.deliveries.values()].filter((x) => x.status !== 'pending' && tooOld(x.updatedAt, keep[x.status])),
        (x) => x.updatedAt,
      ).filter((x) => {
        const kind = x.status as keyof typeof keep;
        if (counts[kind] >= batchSize) return false;
        counts[kind] += 1;
        return true;
      });
      for (const x of gone) this.data.deliveries.delete(x.id);
      const ids = new Set(gone.map((x) => x.id));
      this.data.attempts = this.data.attempts.filter((a) => !ids.has(a.deliveryId));
      const used = new Set([...this.data.deliveries.values()].map((x) => x.eventId));
      for (const x of gone) if (!used.has(x.eventId)) this.data.events.delete(x.eventId);
      for (const [k, record] of oldestFirst([...this.data.activities], ([, r]) => r.receivedAt)) {
        const kind = INTERACTION_RECORD_TYPES.includes(record.type) ? 'interactions' : 'activities';
        if (!tooOld(record.receivedAt, kind === 'interactions' ? policy.interactionMs : policy.activityMs) || counts[kind] >= batchSize) continue;
        this.data.activities.delete(k);
        counts[kind] += 1;
      }
      return counts;
    });
  }

  /** Resolves when work is queued, after `timeoutMs`, or on abort. */
  wait(timeoutMs: number, signal?: AbortSignal): Promise<void> {
    return new Promise<void>((resolve) => {
      if (signal?.aborted) return resolve();
      const done = () => {
        clearTimeout(timer);
        this.waiters.delete(done);
        signal?.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, timeoutMs);
      this.waiters.add(done);
      signal?.addEventListener('abort', done);
    });
  }

  /** Every attempt recorded (for assertions). */
  allAttempts(): readonly Attempt[] {
    return this.data.attempts;
  }

  /** Every delivery (for assertions). */
  allDeliveries(): readonly Delivery[] {
    return [...this.data.deliveries.values()];
  }

  private wake(): void {
    for (const waiter of [...this.waiters]) waiter();
  }
}
