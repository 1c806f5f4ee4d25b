import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { openStorage } from '@webhooks/storage-postgres';
import type { StorageHandle } from '@webhooks/storage-postgres';
import { freshDatabase } from '@webhooks/storage-postgres/testing';
import type { TestDatabase } from '@webhooks/storage-postgres/testing';
import type { TestProcess } from '@webhooks/test-kit';
import { projectWithHook, startWorkerProcess, until } from './worker-process.spec-helper.js';

const LEASE_MS = 2_000;
/** Twice the concurrency: what one claim of the worker takes, so all of them wait in its hands. */
const TOTAL = 4;

/** A port nobody listens on now. */
async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((r) => probe.close(() => r()));
  return port;
}

describe('apps/worker, with a host slower than a lease', () => {
  let database: TestDatabase;
  let storage: StorageHandle;
  let receiver: Server;
  let worker: TestProcess | undefined;
  let open = () => {};
  const gate = new Promise<void>((resolve) => (open = resolve));
  const seen = new Map<string, number>();

  beforeAll(async () => {
    database = await freshDatabase({ requireServer: true });
    // The host answers nothing until the test opens the gate.
    receiver = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        const id = String(req.headers['webhook-id']);
        seen.set(id, (seen.get(id) ?? 0) + 1);
        void gate.then(() => res.writeHead(200).end('ok'));
      });
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/slow`;
    storage = await openStorage({ databaseUrl: database.url, migrate: true });
    const { login } = await projectWithHook(storage, database.url, 'Slow host', url, 30_000);
    for (let i = 0; i < TOTAL; i += 1) await login(String(i));
  }, 60_000);

  afterAll(async () => {
    open();
    await worker?.kill();
    await storage?.close();
    receiver?.closeAllConnections();
    await new Promise<void>((r) => receiver?.close(() => r()));
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
    await until(() => seen.size === 1, 'the first send to reach the slow host', 30_000, 25);
    // Two and a half leases later, a rival claiming everything due finds nothing: the worker renewed.
    await new Promise((r) => setTimeout(r, 2.5 * LEASE_MS));
    const rival = await storage.queue.claimDue({ limit: 100, leaseMs: 60_000, workerId: 'rival' });
    expect(rival).toEqual([]);
    expect(seen.size).toBe(1);
    open();
    await until(async () => (await storage.queue.pendingCount()) === 0, 'the queue to drain', 30_000, 25);
    // The standalone worker's own metrics counted what it did.
    const metrics = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
    expect(metrics).toContain(`webhook_deliveries_total{event="login_success",outcome="succeeded"} ${TOTAL}`);
    expect((await fetch(`http://127.0.0.1:${metricsPort}/ready`)).status).toBe(200);
    await worker.stop();
    expect([...seen.values()]).toEqual([1, 1, 1, 1]);
    const statuses = await storage.db.selectFrom('deliveries').select(['status', 'attempt_count']).execute();
    expect(statuses.map((r) => [r.status, r.attempt_count])).toEqual(Array.from({ length: TOTAL }, () => ['succeeded', 1]));
  }, 60_000);
});
