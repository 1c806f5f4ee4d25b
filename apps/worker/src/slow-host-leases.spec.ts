import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { openStorage } from '@webhooks/storage-postgres';
import type { StorageHandle } from '@webhooks/storage-postgres';
import { freshDatabase } from '@webhooks/storage-postgres/testing';
import type { TestDatabase } from '@webhooks/storage-postgres/testing';
import { Receiver, freePort } from '@webhooks/test-kit';
import type { TestProcess } from '@webhooks/test-kit';
import { projectWithHook, startWorkerProcess, until } from './worker-process.spec-helper.js';

const LEASE_MS = 2_000;
/** Twice the concurrency: what one claim of the worker takes, so all of them wait in its hands. */
const TOTAL = 4;

describe('apps/worker, with a host slower than a lease', () => {
  let database: TestDatabase;
  let storage: StorageHandle;
  let receiver: Receiver;
  let worker: TestProcess | undefined;
  /** How many times each message (webhook-id) reached the host. */
  const seen = (): Map<string, number> => {
    const counts = new Map<string, number>();
    for (const { headers } of receiver.at('/slow')) counts.set(String(headers['webhook-id']), (counts.get(String(headers['webhook-id'])) ?? 0) + 1);
    return counts;
  };

  beforeAll(async () => {
    database = await freshDatabase({ requireServer: true });
    // The host answers nothing until the test releases it.
    receiver = await new Receiver().start();
    receiver.behave('/slow', { kind: 'held', status: 200 });
    const url = receiver.url('/slow');
    storage = await openStorage({ databaseUrl: database.url, migrate: true });
    const { login } = await projectWithHook(storage, database.url, 'Slow host', url, 30_000);
    for (let i = 0; i < TOTAL; i += 1) await login(String(i));
  }, 60_000);

  afterAll(async () => {
    receiver?.release();
    await worker?.kill();
    await storage?.close();
    await receiver?.stop();
    await database?.drop();
  });

  it('should keep every delivery it holds past its lease, so another worker takes none, and send each once', async () => {
    const metricsPort = await freePort();
    // One send at a time to the host; two claimed per free slot: all four are held at once.
    worker = startWorkerProcess(database.url, {
      WORKER_CONCURRENCY: '2',
      WORKER_PER_HOST_CONCURRENCY: '1',
      WORKER_LEASE_MS: String(LEASE_MS),
      WORKER_POLL_MS: '100',
      WORKER_METRICS_PORT: String(metricsPort),
    });
    await until(() => seen().size === 1, 'the first send to reach the slow host', 30_000, 25);
    // Two and a half leases later, a rival claiming everything due finds nothing: the worker renewed.
    await new Promise((r) => setTimeout(r, 2.5 * LEASE_MS));
    const rival = await storage.queue.claimDue({ limit: 100, leaseMs: 60_000, workerId: 'rival' });
    expect(rival).toEqual([]);
    expect(seen().size).toBe(1);
    receiver.release();
    await until(async () => (await storage.queue.pendingCount()) === 0, 'the queue to drain', 30_000, 25);
    // The standalone worker's own metrics counted what it did.
    const metrics = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
    expect(metrics).toContain(`webhook_deliveries_total{event="login_success",outcome="succeeded"} ${TOTAL}`);
    expect((await fetch(`http://127.0.0.1:${metricsPort}/ready`)).status).toBe(200);
    await worker.stop();
    expect([...seen().values()]).toEqual([1, 1, 1, 1]);
    const statuses = await storage.db.selectFrom('deliveries').select(['status', 'attempt_count']).execute();
    expect(statuses.map((r) => [r.status, r.attempt_count])).toEqual(Array.from({ length: TOTAL }, () => ['succeeded', 1]));
  }, 60_000);
});
