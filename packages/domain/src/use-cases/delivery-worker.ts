import { activeSecrets } from '../subscriptions/signing-secret.js';
import { signatureHeaders } from '../delivery/signature.js';
import { decideNext } from '../delivery/decide-next.js';
import { retryDelayMs } from '../delivery/retry-delay.js';
import type { RetryPolicy } from '../delivery/retry-policy.js';
import type { Attempt } from '../model/delivery.js';
import type { AttemptObserver } from '../ports/attempt-observer.port.js';
import type { Clock } from '../ports/clock.port.js';
import type { ClaimedDelivery, DeliveryOutcome, DeliveryQueue, WorkSignal } from '../ports/delivery-queue.port.js';
import type { IdGenerator } from '../ports/id-generator.port.js';
import type { Random } from '../ports/random.port.js';
import type { Storage } from '../ports/storage.port.js';
import type { OutboundRequest, WebhookTransport } from '../ports/webhook-transport.port.js';
import { attemptOf } from './attempt-of.js';
import { attemptReport } from './attempt-report.js';
import type { WorkerConfig } from './domain-config.js';
import { HostLimiter } from './host-limiter.js';

/** Dependencies of the delivery worker. */
export interface DeliveryWorkerDeps {
  readonly storage: Storage;
  readonly queue: DeliveryQueue;
  readonly signal: WorkSignal;
  readonly transport: WebhookTransport;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  readonly random: Random;
  readonly retryPolicy: RetryPolicy;
  readonly config: WorkerConfig;
  /** A name unique among running workers; leases are taken in it. */
  readonly workerId: string;
  /** Told of every outcome: each attempt, hold and suppression (logs, metrics). */
  readonly observer?: AttemptObserver;
  /** Called when the database fails under the worker; it keeps going and retries. */
  readonly onError?: (error: unknown) => void;
  /**
   * Called with deliveries whose lease the worker could not keep (another worker claimed them
   * after a lease lapsed while the database was unreachable, or an admin resent them): they are
   * not sent by this worker.
   */
  readonly onLeaseLost?: (deliveryIds: readonly string[]) => void;
}

/** Deliveries dispatched and not yet finished, with a wait until they are few enough. */
class InFlight {
  private readonly running = new Set<Promise<void>>();
  private waiter: { readonly atMost: number; readonly resolve: () => void } | null = null;

  get size(): number {
    return this.running.size;
  }

  /** Tracks `work`, which never rejects. */
  add(work: Promise<void>): void {
    this.running.add(work);
    void work.finally(() => {
      this.running.delete(work);
      if (this.waiter && this.running.size <= this.waiter.atMost) {
        this.waiter.resolve();
        this.waiter = null;
      }
    });
  }

  /** Resolves once at most `atMost` are in flight (one waiter at a time: the worker's loop). */
  fallTo(atMost: number): Promise<void> {
    if (this.running.size <= atMost) return Promise.resolve();
    return new Promise((resolve) => (this.waiter = { atMost, resolve }));
  }

  /** Resolves once every tracked delivery has finished. */
  async settled(): Promise<void> {
    await Promise.all(this.running);
  }
}

/** A claim the worker holds; `lost` once the queue no longer gives it to this worker. */
interface Lease {
  lost: boolean;
}

/** The host of a URL, the key of per-host concurrency. */
function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

/**
 * Claims due deliveries, sends them signed with bounded concurrency (in total and per host),
 * and writes every attempt and the next state back. `run` loops until its signal
 * aborts, then drains: sends in flight finish, claimed work not yet started is released.
 */
export class DeliveryWorker {
  private readonly limiter: HostLimiter;
  /** Deliveries claimed and not yet finished (sent and recorded, or released): the leases to keep. */
  private readonly leases = new Map<string, Lease>();
  private renewing = false;
  private stopping = false;

  constructor(private readonly deps: DeliveryWorkerDeps) {
    this.limiter = new HostLimiter(deps.config.concurrency, deps.config.perHostConcurrency);
  }

  /** Claims one batch and sends it to the end; returns how many deliveries it handled. */
  async runOnce(): Promise<number> {
    const claimed = await this.claim(this.deps.config.batchSize);
    await Promise.all(this.dispatch(claimed));
    return claimed.length;
  }

  /** Works until `stop` aborts, waking on the work signal, then drains. */
  async run(stop: AbortSignal): Promise<void> {
    // From the moment of the abort, claimed work that has not started is given back, not sent.
    stop.addEventListener('abort', () => (this.stopping = true), { once: true });
    // Deliveries may wait longer than one lease for a slot at a slow host: keep their leases
    // (three renewals per lease), so no other worker sends them meanwhile.
    const heartbeat = setInterval(() => void this.renewLeases(), Math.max(10, Math.floor(this.deps.config.leaseMs / 3)));
    heartbeat.unref?.();
    try {
      await this.loop(stop);
    } finally {
      clearInterval(heartbeat);
    }
  }

  /**
   * Moves the leases of every delivery held to a full lease from now. Those the queue no longer
   * gives to this worker are marked lost and will not be sent (someone else has them). One renewal
   * at a time; a database failure is reported and the leases are tried again at the next beat.
   */
  private async renewLeases(): Promise<void> {
    if (this.renewing) return;
    const live = [...this.leases].filter(([, lease]) => !lease.lost);
    const ids = live.map(([id]) => id);
    if (ids.length === 0) return;
    this.renewing = true;
    try {
      const kept = new Set(await this.deps.queue.extend(this.deps.workerId, ids, this.deps.config.leaseMs));
      const lost = live.filter(([id]) => !kept.has(id));
      for (const [, lease] of lost) lease.lost = true;
      if (lost.length > 0) this.deps.onLeaseLost?.(lost.map(([id]) => id));
    } catch (error) {
      this.deps.onError?.(error);
    } finally {
      this.renewing = false;
    }
  }

  /**
   * Holds up to twice the concurrency, claimed a batch at a time: the next batch is claimed once
   * the deliveries in hand fall to the concurrency, so it is ready when the current sends end, and
   * a claim takes many rows, not the one a finished send just freed. A claim that comes back
   * short means nothing more is due: the worker then waits for the signal or the next due time.
   */
  private async loop(stop: AbortSignal): Promise<void> {
    const { concurrency, batchSize } = this.deps.config;
    const inFlight = new InFlight();
    while (!stop.aborted) {
      if (inFlight.size > concurrency) {
        await inFlight.fallTo(concurrency);
        continue;
      }
      const limit = Math.min(batchSize, concurrency * 2 - inFlight.size);
      let claimed: readonly ClaimedDelivery[];
      try {
        claimed = await this.claim(limit);
      } catch (error) {
        this.deps.onError?.(error);
        await this.deps.signal.wait(this.deps.config.pollIntervalMs, stop).catch(() => undefined);
        continue;
      }
      for (const p of this.dispatch(claimed)) inFlight.add(p);
      if (claimed.length === limit) continue;
      await this.deps.signal.wait(await this.idleWaitMs().catch(() => this.deps.config.pollIntervalMs), stop).catch((error: unknown) => this.deps.onError?.(error));
    }
    await inFlight.settled();
  }

  /** Until the next delivery is due by the database's clock (this worker's may be off), at most one poll interval. */
  private async idleWaitMs(): Promise<number> {
    const dueInMs = await this.deps.queue.nextDueInMs();
    const poll = this.deps.config.pollIntervalMs;
    if (dueInMs === null) return poll;
    return Math.max(0, Math.min(poll, dueInMs));
  }

  private async claim(limit: number): Promise<readonly ClaimedDelivery[]> {
    const claimed = await this.deps.queue.claimDue({ limit, leaseMs: this.deps.config.leaseMs, workerId: this.deps.workerId });
    for (const delivery of claimed) this.leases.set(delivery.deliveryId, { lost: false });
    // (A delivery claimed again — after a resend — gets a new lease; the earlier one is dropped.)
    return claimed;
  }

  /**
   * Starts every claimed delivery under the limiter; deliveries of projects without an API admin are
   * held. The promises never reject: a database failure here (the admin check, a release) is
   * reported, and the delivery stays leased until its lease lapses and it is claimed again.
   */
  private dispatch(claimed: readonly ClaimedDelivery[]): Promise<void>[] {
    if (claimed.length === 0) return [];
    const admins = this.deps.storage.admins.projectsWithActiveApiAdmin([...new Set(claimed.map((c) => c.projectId))]);
    return claimed.map((delivery) => {
      const lease = this.leases.get(delivery.deliveryId) ?? { lost: false };
      return this.dispatchOne(delivery, admins, lease)
        .catch((error: unknown) => this.deps.onError?.(error))
        .finally(() => {
          if (this.leases.get(delivery.deliveryId) === lease) this.leases.delete(delivery.deliveryId);
        });
    });
  }

  private async dispatchOne(delivery: ClaimedDelivery, admins: Promise<ReadonlySet<string>>, lease: Lease): Promise<void> {
    const withAdmin = await admins;
    if (!delivery.subscriptionEnabled) {
      await this.record(delivery, { deliveryId: delivery.deliveryId, attempt: null, next: { kind: 'suppressed', reason: 'subscription_disabled' }, lastError: 'webhook disabled' });
      return;
    }
    if (!withAdmin.has(delivery.projectId)) {
      await this.record(delivery, this.held(delivery));
      return;
    }
    const outcome = await this.limiter.run(hostOf(delivery.url), async () => {
      // Its lease went to another worker while it waited: that worker sends it, not this one.
      if (lease.lost) return null;
      if (this.stopping) {
        await this.deps.queue.release(this.deps.workerId, [delivery.deliveryId]);
        return null;
      }
      return this.send(delivery);
    });
    if (outcome) await this.record(delivery, outcome);
  }

  /** Signs and sends one delivery, and decides what comes next. */
  private async send(delivery: ClaimedDelivery): Promise<DeliveryOutcome> {
    const startedAt = this.deps.clock.now();
    const request: OutboundRequest = {
      url: delivery.url,
      body: delivery.body,
      timeoutMs: delivery.timeoutMs,
      lane: 'background',
      headers: signatureHeaders({ msgId: delivery.eventId, timestamp: startedAt, body: delivery.body, secrets: activeSecrets(delivery.secrets, startedAt) }),
    };
    const result = await this.deps.transport.send(request);
    const attemptsMade = delivery.attemptCount + 1;
    const verdict = decideNext({ result, attemptsMade, now: this.deps.clock.now(), policy: this.deps.retryPolicy, random: this.deps.random });
    const attempt = attemptOf({
      id: this.deps.ids.next('att'),
      deliveryId: delivery.deliveryId,
      projectId: delivery.projectId,
      subscriptionId: delivery.subscriptionId,
      attemptedAt: startedAt,
      result,
      request,
      errorClass: verdict.errorClass,
      errorMessage: verdict.message,
      succeeded: verdict.next.kind === 'succeeded',
    });
    const subscriptionId = delivery.subscriptionId;
    return {
      deliveryId: delivery.deliveryId,
      attempt,
      next: verdict.next,
      lastError: attempt.errorMessage,
      endpoint: attempt.succeeded ? { subscriptionId, up: true } : { subscriptionId, up: false, disableAfterMs: this.deps.config.disableFailingAfterMs },
      ...(verdict.disable ? { disableSubscription: { subscriptionId, reason: 'gone' } } : {}),
    };
  }

  /** No API admin: not sent; due again by the schedule, and suppressed once the schedule is spent. */
  private held(delivery: ClaimedDelivery): DeliveryOutcome {
    const now = this.deps.clock.now();
    const attemptsMade = delivery.attemptCount + 1;
    const delay = retryDelayMs({ attemptsMade, policy: this.deps.retryPolicy, random: this.deps.random, retryAfterMs: null });
    const attempt: Attempt = {
      id: this.deps.ids.next('att'),
      deliveryId: delivery.deliveryId,
      projectId: delivery.projectId,
      subscriptionId: delivery.subscriptionId,
      attemptedAt: now,
      durationMs: 0,
      statusCode: null,
      responseBody: null,
      errorClass: 'held',
      errorMessage: 'the project has no active API admin',
      succeeded: false,
    };
    return {
      deliveryId: delivery.deliveryId,
      attempt,
      next: delay === null ? { kind: 'suppressed', reason: 'no_api_admin' } : { kind: 'held', delayMs: delay },
      lastError: attempt.errorMessage,
    };
  }

  /** Writes the outcome back and tells the observer. */
  private async record(delivery: ClaimedDelivery, outcome: DeliveryOutcome): Promise<void> {
    const next = outcome.next;
    this.deps.observer?.attempted(
      attemptReport({
        source: 'worker',
        delivery: { id: delivery.deliveryId, projectId: delivery.projectId, subscriptionId: delivery.subscriptionId, eventKey: delivery.eventKey, createdAt: delivery.createdAt },
        attempt: outcome.attempt,
        number: delivery.attemptCount + 1,
        outcome: next.kind,
        retryInMs: next.kind === 'retry' || next.kind === 'held' ? next.delayMs : null,
        now: this.deps.clock.now(),
      }),
    );
    await this.deps.queue.complete(this.deps.workerId, [outcome]);
  }
}
