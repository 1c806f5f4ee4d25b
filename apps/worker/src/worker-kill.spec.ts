import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { TOKENS } from '@webhooks/domain';
import type { DeliveryQueue } from '@webhooks/domain';
import { openStorage } from '@webhooks/storage-postgres';
import type { StorageHandle } from '@webhooks/storage-postgres';
import { freshDatabase } from '@webhooks/storage-postgres/testing';
import type { TestDatabase } from '@webhooks/storage-postgres/testing';
import { Receiver } from '@webhooks/test-kit';
import type { TestProcess } from '@webhooks/test-kit';
import { projectWithHook, startWorkerProcess, until } from './worker-process.spec-helper.js';

const TOTAL = 2000;
const CONCURRENCY = 16;

/** Starts `apps/worker` as its own process. */
function startKillTestWorker(databaseUrl: string): TestProcess {
  return startWorkerProcess(databaseUrl, {
    WORKER_CONCURRENCY: String(CONCURRENCY),
    WORKER_PER_HOST_CONCURRENCY: String(CONCURRENCY),
    WORKER_BATCH_SIZE: '16',
    WORKER_LEASE_MS: '3000',
    WORKER_POLL_MS: '100',
  });
}

describe('apps/worker', () => {
  let database: TestDatabase;
  let storage: StorageHandle;
  let receiver: Receiver;
  /** Events (webhook-ids) that reached the receiver, each counted once. */
  const delivered = (): number => new Set(receiver.received.map((r) => String(r.headers['webhook-id']))).size;
  const workers: TestProcess[] = [];

  beforeAll(async () => {
    database = await freshDatabase({ requireServer: true });
    receiver = await new Receiver().start();
    // A little latency, so that sends are in flight when the worker dies.
    receiver.behave('/in', { kind: 'late', afterMs: 5, status: 200 });
    const url = receiver.url('/in');

    storage = await openStorage({ databaseUrl: database.url, migrate: true });
    const { container, login } = await projectWithHook(storage, database.url, 'Kill test', url);
    for (let i = 0; i < TOTAL; i += 100) {
      await Promise.all(Array.from({ length: 100 }, (_, j) => login(String(i + j))));
    }
    expect(await container.get<DeliveryQueue>(TOKENS.DeliveryQueue).pendingCount()).toBe(TOTAL);
  }, 120_000);

  afterAll(async () => {
    await Promise.all(workers.map((w) => w.kill()));
    await storage?.close();
    await receiver?.stop();
    await database?.drop();
  });

  describe('when a worker is killed with SIGKILL in the middle of 2,000 deliveries', () => {
    it('should lose none once a second worker runs, with duplicates bounded by what was in flight', async () => {
      const first = startKillTestWorker(database.url);
      workers.push(first);
      await until(() => delivered() >= TOTAL / 4, 'the first worker to deliver a quarter', 60_000);
      await first.kill();
      const deliveredByFirst = delivered();
      expect(deliveredByFirst).toBeLessThan(TOTAL);

      const second = startKillTestWorker(database.url);
      workers.push(second);
      await until(async () => (await storage.queue.pendingCount()) === 0, 'the queue to drain', 90_000);
      await second.stop();

      const duplicates = receiver.received.length - delivered();
      expect(delivered()).toBe(TOTAL);
      const statuses = await storage.db.selectFrom('deliveries').select(['status', storage.db.fn.countAll<number>().as('n')]).groupBy('status').execute();
      expect(statuses.map((r) => [r.status, Number(r.n)])).toEqual([['succeeded', TOTAL]]);
      // What a worker can have in flight: twice its concurrency claimed, plus outcomes not yet written.
      expect(duplicates).toBeLessThanOrEqual(CONCURRENCY * 2 + 16);
      process.stdout.write(`kill test: ${TOTAL} deliveries, first worker delivered ${deliveredByFirst} before SIGKILL, duplicates ${duplicates}\n`);
    }, 180_000);
  });
});
