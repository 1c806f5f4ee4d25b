import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { TOKENS } from '@webhooks/domain';
import type { Clock, DeliveryWorker } from '@webhooks/domain';
import { openStorage } from '@webhooks/storage-postgres';
import type { StorageHandle } from '@webhooks/storage-postgres';
import { freshDatabase } from '@webhooks/storage-postgres/testing';
import type { TestDatabase } from '@webhooks/storage-postgres/testing';
import { Container } from 'inversify';
import { pino } from 'pino';
import { USE_CASES, createServiceContainer, domainContainerModule, readConfig } from '@webhooks/composition';
import type { ServiceConfig, WorkerProcess } from '@webhooks/composition';
import { Receiver } from '@webhooks/test-kit';
import { projectWithHook, until } from './worker-process.spec-helper.js';

const SKEW_MS = 2 * 60_000;
const LEASE_MS = 60_000;
/** The second attempt comes 60 s (± 20 % jitter) after the first. */
const RETRY_MS = 60_000;

/** The machine's clock, and one two minutes ahead of it (a worker on a host whose clock runs fast). */
const trueClock: Clock = { now: () => new Date() };
const fastClock: Clock = { now: () => new Date(Date.now() + SKEW_MS) };

describe('workers whose clocks disagree with the database', () => {
  let database: TestDatabase;
  let storage: StorageHandle;
  let container: Container;
  let config: ServiceConfig;
  let receiver: Receiver;
  /** The webhook-ids received at `path`, in order. */
  const seen = (path: string): string[] => receiver.at(path).map((r) => String(r.headers['webhook-id']));

  /** The service's worker over the test database, with its own clock and name (bound over the service's container). */
  const workerWith = (clock: Clock, workerId: string): DeliveryWorker => {
    const own = new Container({ parent: container });
    own.load(domainContainerModule(config.domain));
    own.bind<Clock>(TOKENS.Clock).toConstantValue(clock);
    own.bind<WorkerProcess>(USE_CASES.WorkerProcess).toConstantValue({ workerId });
    return own.get<DeliveryWorker>(USE_CASES.DeliveryWorker);
  };

  beforeAll(async () => {
    database = await freshDatabase({ requireServer: true });
    // `/slow/…` answers once the test opens the gate; `/flaky/…` answers 500 the first time, then 200.
    receiver = await new Receiver().start();
    receiver.behave('/slow', { kind: 'held', status: 200 });
    receiver.behave('/flaky-early', { kind: 'sequence', statuses: [500, 200] });
    receiver.behave('/flaky-late', { kind: 'sequence', statuses: [500, 200] });
    storage = await openStorage({ databaseUrl: database.url, migrate: true });
    config = readConfig({ DATABASE_URL: database.url, ALLOW_HTTP_TARGETS: 'true', ALLOW_PRIVATE_TARGETS: 'true', WORKER_LEASE_MS: String(LEASE_MS), RETRY_SCHEDULE_MS: `0,${RETRY_MS}` });
    container = createServiceContainer(config, storage, pino({ level: 'silent' }));
  }, 60_000);

  afterAll(async () => {
    receiver?.release();
    await container?.unbindAllAsync();
    await storage?.close();
    await receiver?.stop();
    await database?.drop();
  });

  it('should not let a worker two minutes ahead claim what another worker still holds', async () => {
    const { login } = await projectWithHook(storage, database.url, 'Leases', receiver.url('/slow'));
    await login('lease-1');
    await login('lease-2');
    const holder = workerWith(trueClock, 'holder');
    const holding = holder.runOnce();
    await until(() => seen('/slow').length === 2, 'the holder to send both', 10_000);
    // The holder's leases run 60 s; by the fast worker's clock they ended a minute ago.
    expect(await workerWith(fastClock, 'fast').runOnce()).toBe(0);
    receiver.release();
    expect(await holding).toBe(2);
    expect(new Set(seen('/slow')).size).toBe(2);
    expect(seen('/slow')).toHaveLength(2);
  });

  it('should not let a worker two minutes ahead send a retry before it is due', async () => {
    const { login } = await projectWithHook(storage, database.url, 'Early retry', receiver.url('/flaky-early'));
    await login('early');
    expect(await workerWith(trueClock, 'first').runOnce()).toBe(1);
    // The retry is due in about a minute; the fast worker's clock says it is due already.
    expect(await workerWith(fastClock, 'fast').runOnce()).toBe(0);
    expect(seen('/flaky-early')).toHaveLength(1);
  });

  it('should schedule the retries a fast worker decides by the database clock, not its own', async () => {
    const { projectId, login } = await projectWithHook(storage, database.url, 'Late retry', receiver.url('/flaky-late'));
    await login('late');
    expect(await workerWith(fastClock, 'fast').runOnce()).toBe(1);
    expect(seen('/flaky-late')).toHaveLength(1);
    const row = await storage.db
      .selectFrom('deliveries')
      .select((eb) => ['next_attempt_at', eb.fn<Date>('now').as('now')])
      .where('project_id', '=', projectId)
      .executeTakeFirstOrThrow();
    const dueInMs = (row.next_attempt_at?.getTime() ?? 0) - row.now.getTime();
    expect(dueInMs).toBeGreaterThan(RETRY_MS * 0.8 - 5_000);
    expect(dueInMs).toBeLessThanOrEqual(RETRY_MS * 1.2);
  });
});
