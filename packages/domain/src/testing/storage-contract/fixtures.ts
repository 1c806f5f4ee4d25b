import type { Attempt, Delivery } from '../../model/delivery.js';
import type { WebhookEvent } from '../../model/event.js';
import type { Admin, Project } from '../../model/project.js';
import type { Subscription } from '../../model/subscription.js';
import type { ClaimedDelivery, QueueStats } from '../../ports/delivery-queue.port.js';
import type { Storage } from '../../ports/storage.port.js';
import type { ContractSubject } from './contract-subject.js';

const run = Math.random().toString(36).slice(2, 8);
let sequence = 0;

/** A unique id with a prefix, sortable in creation order within a run. */
export const uid = (prefix: string): string => `${prefix}_${run}${String(++sequence).padStart(7, '0')}`;

/** The contract's epoch: every time is `at(ms)` from it, nothing waits for a clock. */
export const T0 = new Date('2026-01-01T00:00:00.000Z');

/** `ms` after {@link T0}. */
export const at = (ms: number): Date => new Date(T0.getTime() + ms);

/** A project. */
export const aProject = (over: Partial<Project> = {}): Project => ({
  id: uid('prj'),
  name: 'Summer camp',
  system: 'individual',
  platformKeyHash: uid('hash'),
  createdAt: T0,
  ...over,
});

/** An active API admin of `projectId`. */
export const anAdmin = (projectId: string, over: Partial<Admin> = {}): Admin => ({
  id: uid('adm'),
  projectId,
  email: 'admin@example.org',
  apiAdmin: true,
  active: true,
  apiKeyHash: uid('key'),
  createdAt: T0,
  ...over,
});

/** An enabled subscription of `projectId` to `user_registered`. */
export const aSubscription = (projectId: string, over: Partial<Subscription> = {}): Subscription => ({
  id: uid('wh'),
  projectId,
  eventKey: 'user_registered',
  url: `https://hooks.example.org/${uid('path')}`,
  description: null,
  enabled: true,
  disabledReason: null,
  failingSince: null,
  timeoutMs: 5_000,
  failurePolicy: 'open',
  secrets: [{ secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', createdAt: T0, expiresAt: null }],
  createdAt: T0,
  updatedAt: T0,
  ...over,
});

/** An event of `projectId`. */
export const anEvent = (projectId: string, over: Partial<WebhookEvent> = {}): WebhookEvent => ({
  id: uid('msg'),
  projectId,
  activityId: uid('act'),
  key: 'user_registered',
  occurredAt: T0,
  payload: { user_info: { id: 'u1', username: 'ada', tags: ['a', 'b'] }, meta_info: { project: projectId, n: 1.5, ok: true, none: null } },
  suppressed: null,
  ...over,
});

/** A pending delivery of `event` to `subscription`, due at {@link T0}. */
export const aDelivery = (event: WebhookEvent, subscription: Subscription, over: Partial<Delivery> = {}): Delivery => ({
  id: uid('dlv'),
  projectId: event.projectId,
  eventId: event.id,
  subscriptionId: subscription.id,
  eventKey: event.key,
  status: 'pending',
  attemptCount: 0,
  resentAt: null,
  nextAttemptAt: T0,
  suppressedReason: null,
  lastError: null,
  createdAt: T0,
  updatedAt: T0,
  ...over,
});

/** A failed attempt at `delivery`. */
export const anAttempt = (delivery: Delivery, over: Partial<Attempt> = {}): Attempt => ({
  id: uid('att'),
  deliveryId: delivery.id,
  projectId: delivery.projectId,
  subscriptionId: delivery.subscriptionId,
  attemptedAt: T0,
  durationMs: 120,
  statusCode: 500,
  responseBody: 'oops',
  errorClass: 'http_status',
  errorMessage: 'HTTP 500',
  succeeded: false,
  ...over,
});

/** A project with one subscription, stored. */
export async function seedProject(storage: Storage, over: { project?: Partial<Project>; subscription?: Partial<Subscription> } = {}) {
  const project = aProject(over.project);
  const subscription = aSubscription(project.id, over.subscription);
  await storage.projects.insert(project);
  await storage.subscriptions.insert(subscription);
  return { project, subscription };
}

/** `count` events of one project, each with one delivery built by `delivery(i)`, stored with one multi-row insert each. */
export async function seedDeliveries(
  storage: Storage,
  subscription: Subscription,
  count: number,
  delivery: (i: number) => Partial<Delivery> = () => ({}),
): Promise<Delivery[]> {
  const events = Array.from({ length: count }, () => anEvent(subscription.projectId));
  const deliveries = events.map((e, i) => aDelivery(e, subscription, delivery(i)));
  await storage.deliveries.insertEvents(events);
  await storage.deliveries.insertDeliveries(deliveries);
  return deliveries;
}

/** Claims from the subject's queue as it sees things at `now` (its clock is set there first). */
export function claimAt(
  subject: ContractSubject,
  now: Date,
  input: { readonly limit: number; readonly leaseMs: number; readonly workerId: string },
): Promise<readonly ClaimedDelivery[]> {
  subject.clock.set(now);
  return subject.queue.claimDue(input);
}

/** The subject's queue gauges as it sees things at `now` (its clock is set there first). */
export function statsAt(subject: ContractSubject, now: Date): Promise<QueueStats> {
  subject.clock.set(now);
  return subject.queue.stats();
}
