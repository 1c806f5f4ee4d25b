import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { TOKENS } from '@webhooks/domain';
import type { DeliveryQueue, ProjectAdministration, ReportActivity, WebhookAdministration } from '@webhooks/domain';
import { openStorage } from '@webhooks/storage-postgres';
import type { StorageHandle } from '@webhooks/storage-postgres';
import { freshDatabase } from '@webhooks/storage-postgres/testing';
import type { TestDatabase } from '@webhooks/storage-postgres/testing';
import { readConfig } from './config.js';
import { USE_CASES } from './domain.container-module.js';
import { createServiceContainer } from './service-container.js';

const TOTAL = 2000;
const CONCURRENCY = 16;
const MAIN = fileURLToPath(new URL('./main.ts', import.meta.url));

/** Starts `apps/worker` as its own process. */
function startWorkerProcess(databaseUrl: string): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', MAIN], {
    env: {
      ...process.env,
      NODE_OPTIONS: '',
      DATABASE_URL: databaseUrl,
      ALLOW_HTTP_TARGETS: 'true',
      ALLOW_PRIVATE_TARGETS: 'true',
      WORKER_CONCURRENCY: String(CONCURRENCY),
      WORKER_PER_HOST_CONCURRENCY: String(CONCURRENCY),
      WORKER_BATCH_SIZE: '16',
      WORKER_LEASE_MS: '3000',
      WORKER_POLL_MS: '100',
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
}

async function until(check: () => boolean | Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('apps/worker', () => {
  let database: TestDatabase;
  let storage: StorageHandle;
  let receiver: Server;
  const seen = new Map<string, number>();
  const workers: ChildProcess[] = [];

  beforeAll(async () => {
    database = await freshDatabase({ requireServer: true });
    receiver = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        const id = String(req.headers['webhook-id']);
        seen.set(id, (seen.get(id) ?? 0) + 1);
        // A little latency, so that sends are in flight when the worker dies.
        setTimeout(() => res.writeHead(200).end('ok'), 5);
      });
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/in`;

    storage = await openStorage({ databaseUrl: database.url, migrate: true });
    const config = readConfig({ DATABASE_URL: database.url, ALLOW_HTTP_TARGETS: 'true', ALLOW_PRIVATE_TARGETS: 'true' }, () => 'operator-token-unused');
    const container = createServiceContainer(config, storage);
    const projects = container.get<ProjectAdministration>(USE_CASES.ProjectAdministration);
    const webhooks = container.get<WebhookAdministration>(USE_CASES.WebhookAdministration);
    const report = container.get<ReportActivity>(USE_CASES.ReportActivity);
    const created = await projects.createProject({ name: 'Kill test', system: 'individual' });
    if (created.kind !== 'ok') throw new Error('project');
    const projectId = created.value.project.id;
    await projects.addAdmin(projectId, { email: 'a@example.com', apiAdmin: true });
    const hook = await webhooks.create(projectId, { event: 'login_success', url });
    if (hook.kind !== 'ok') throw new Error(JSON.stringify(hook));
    for (let i = 0; i < TOTAL; i += 100) {
      await Promise.all(
        Array.from({ length: 100 }, (_, j) =>
          report.execute(projectId, { id: `login-${i + j}`, type: 'login', via: 'password', origin: 'applicant', occurredAt: new Date(), user: { id: `u${i + j}`, username: `u${i + j}` } }),
        ),
      );
    }
    expect(await container.get<DeliveryQueue>(TOKENS.DeliveryQueue).pendingCount()).toBe(TOTAL);
  }, 120_000);

  afterAll(async () => {
    for (const w of workers) w.kill('SIGKILL');
    await storage?.close();
    await new Promise<void>((r) => receiver?.close(() => r()));
    await database?.drop();
  });

  describe('when a worker is killed with SIGKILL in the middle of 2,000 deliveries', () => {
    it('should lose none once a second worker runs, with duplicates bounded by what was in flight', async () => {
      const first = startWorkerProcess(database.url);
      workers.push(first);
      await until(() => seen.size >= TOTAL / 4, 60_000, 'the first worker to deliver a quarter');
      first.kill('SIGKILL');
      await new Promise((r) => first.once('exit', r));
      const deliveredByFirst = seen.size;
      expect(deliveredByFirst).toBeLessThan(TOTAL);

      const second = startWorkerProcess(database.url);
      workers.push(second);
      await until(async () => (await storage.queue.pendingCount()) === 0, 90_000, 'the queue to drain');
      second.kill('SIGTERM');
      await new Promise((r) => second.once('exit', r));

      const received = [...seen.values()].reduce((a, b) => a + b, 0);
      const duplicates = received - seen.size;
      expect(seen.size).toBe(TOTAL);
      const statuses = await storage.db.selectFrom('deliveries').select(['status', storage.db.fn.countAll<number>().as('n')]).groupBy('status').execute();
      expect(statuses.map((r) => [r.status, Number(r.n)])).toEqual([['succeeded', TOTAL]]);
      // What a worker can have in flight: twice its concurrency claimed, plus outcomes not yet written.
      expect(duplicates).toBeLessThanOrEqual(CONCURRENCY * 2 + 16);
      process.stdout.write(`kill test: ${TOTAL} deliveries, first worker delivered ${deliveredByFirst} before SIGKILL, duplicates ${duplicates}\n`);
    }, 180_000);
  });
});
