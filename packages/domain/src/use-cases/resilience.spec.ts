import { describe, expect, it } from '@jest/globals';
import { TOKENS } from '../ports/tokens.js';
import type { DeliveryQueue } from '../ports/delivery-queue.port.js';
import { DeliveryWorker } from './delivery-worker.js';
import { BatchedCompletions } from '../batching/batched-completions.js';
import { drain, projectWithAdmin, report, subscribe, user } from './fixtures.spec-helper.js';

const HOOK = 'https://hooks.example.com/in';

describe('once-only recording', () => {
  describe('when the same activity id is reported twice at the same moment', () => {
    it('should record it once and answer both callers the same', async () => {
      const { service, project } = await projectWithAdmin();
      await subscribe(service, project.id, 'login_success', HOOK);
      const activity = { id: 'race', type: 'login', via: 'password', origin: 'applicant', occurredAt: service.clock.now(), user: user('u1') } as const;
      const [a, b] = await Promise.all([service.reportActivity.execute(project.id, activity), service.reportActivity.execute(project.id, activity)]);
      expect(a).toEqual(b);
      expect(service.storage.allDeliveries()).toHaveLength(1);
    });
  });
});

describe('DeliveryWorker under database failures', () => {
  /** The service's queue, failing the first `n` completions. */
  function flaky(queue: DeliveryQueue, n: number): DeliveryQueue & { failures: number } {
    let left = n;
    const wrapped = Object.create(queue) as DeliveryQueue & { failures: number };
    wrapped.failures = 0;
    wrapped.complete = async (workerId, outcomes) => {
      if (left > 0) {
        left -= 1;
        wrapped.failures += 1;
        throw new Error('database down');
      }
      return queue.complete(workerId, outcomes);
    };
    return wrapped;
  }

  describe('when writing outcomes fails once, with completions batched', () => {
    it('should report the error and write them again', async () => {
      const { service, project } = await projectWithAdmin();
      await subscribe(service, project.id, 'login_success', HOOK);
      await report(service, project.id, { type: 'login', via: 'password', user: user('u1') });
      const queue = flaky(service.storage, 1);
      const errors: unknown[] = [];
      const worker = new DeliveryWorker({
        ...service,
        queue: new BatchedCompletions(queue, { tries: 2, retryMs: 1, onError: (e) => errors.push(e) }),
        retryPolicy: service.config.retryPolicy,
        config: service.config.worker,
        workerId: 'worker-test',
        onError: (e) => errors.push(e),
      });
      expect(await worker.runOnce()).toBe(1);
      expect(errors).toHaveLength(1);
      expect(queue.failures).toBe(1);
      expect(service.storage.allDeliveries()[0]?.status).toBe('succeeded');
      expect(service.transport.requests).toHaveLength(1);
    });
  });

  describe('when claiming fails while running', () => {
    it('should report the error and keep going', async () => {
      const { service, project } = await projectWithAdmin();
      await subscribe(service, project.id, 'login_success', HOOK);
      let failClaims = 2;
      const queue = Object.create(service.storage) as DeliveryQueue;
      queue.claimDue = async (input) => {
        if (failClaims > 0) {
          failClaims -= 1;
          throw new Error('database down');
        }
        return service.storage.claimDue(input);
      };
      const errors: unknown[] = [];
      const worker = new DeliveryWorker({
        ...service,
        queue,
        retryPolicy: service.config.retryPolicy,
        config: { ...service.config.worker, pollIntervalMs: 5 },
        workerId: 'worker-test',
        onError: (e) => errors.push(e),
      });
      await report(service, project.id, { type: 'login', via: 'password', user: user('u1') });
      const stop = new AbortController();
      const running = worker.run(stop.signal);
      for (let i = 0; i < 200 && service.storage.allDeliveries()[0]?.status !== 'succeeded'; i += 1) await service.storage.wait(5);
      stop.abort();
      await running;
      expect(errors.length).toBeGreaterThanOrEqual(2);
      expect(service.storage.allDeliveries()[0]?.status).toBe('succeeded');
    });
  });

  describe('when it stops with claimed deliveries not yet started', () => {
    it('should give them back unsent', async () => {
      const { service, project } = await projectWithAdmin();
      await subscribe(service, project.id, 'login_success', HOOK);
      for (let i = 0; i < 4; i += 1) await report(service, project.id, { type: 'login', via: 'password', user: user(`u${i}`) });
      let release = () => {};
      const gate = new Promise<void>((r) => (release = r));
      service.transport.script(HOOK, async () => {
        await gate;
        return { kind: 'response', status: 200, headers: {}, body: '', truncated: false, durationMs: 1 };
      });
      const worker = new DeliveryWorker({
        ...service,
        retryPolicy: service.config.retryPolicy,
        config: { ...service.config.worker, concurrency: 1, perHostConcurrency: 1 },
        workerId: 'worker-test',
      });
      const stop = new AbortController();
      const running = worker.run(stop.signal);
      for (let i = 0; i < 100 && service.transport.requests.length === 0; i += 1) await service.storage.wait(5);
      stop.abort();
      release();
      await running;
      const statuses = service.storage.allDeliveries().map((d) => d.status).sort();
      expect(statuses.filter((s) => s === 'succeeded')).toHaveLength(1);
      expect(statuses.filter((s) => s === 'pending')).toHaveLength(3);
      expect(await drain(service)).toBe(3);
    });
  });
});

describe('DeliveryWorker when the API admin check fails', () => {
  it('should report the error, keep the claimed deliveries leased, and never reject', async () => {
    const { service, project } = await projectWithAdmin();
    await subscribe(service, project.id, 'login_success', HOOK);
    await report(service, project.id, { type: 'login', via: 'password', user: user('u1') });
    const storage = Object.create(service.storage) as typeof service.storage;
    const admins = Object.create(service.storage.admins) as typeof service.storage.admins;
    admins.projectsWithActiveApiAdmin = () => Promise.reject(new Error('connection terminated'));
    Object.defineProperty(storage, 'admins', { value: admins });
    const errors: unknown[] = [];
    const worker = new DeliveryWorker({
      ...service,
      storage,
      retryPolicy: service.config.retryPolicy,
      config: service.config.worker,
      workerId: 'worker-test',
      onError: (e) => errors.push(e),
    });
    await expect(worker.runOnce()).resolves.toBe(1);
    expect(errors).toHaveLength(1);
    expect(service.transport.requests).toHaveLength(0);
    expect(service.storage.allDeliveries()[0]?.status).toBe('pending');
    service.clock.advance(service.config.worker.leaseMs + 1);
    expect(await drain(service)).toBe(1);
    expect(service.storage.allDeliveries()[0]?.status).toBe('succeeded');
  });
});

describe('TOKENS', () => {
  it('should be distinct symbols shared across copies of the package', () => {
    const values = Object.values(TOKENS);
    expect(new Set(values).size).toBe(values.length);
    expect(TOKENS.Storage).toBe(Symbol.for('webhooks.Storage'));
  });
});
