import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { USE_CASES } from '@webhooks/composition';
import { Receiver, counterOf, freePort, startWithTroubledStdout, statusOf, untilHealthy } from '@webhooks/test-kit';
import type { StdoutTrouble, TroubledProcess } from '@webhooks/test-kit';
import type { WebhookAdministration } from '@webhooks/domain';
import { openStorage } from '@webhooks/storage-postgres';
import type { StorageHandle } from '@webhooks/storage-postgres';
import { freshDatabase } from '@webhooks/storage-postgres/testing';
import type { TestDatabase } from '@webhooks/storage-postgres/testing';
import { projectWithHook, until } from './worker-process.spec-helper.js';

const MAIN = fileURLToPath(new URL('./main.ts', import.meta.url));
/** Webhooks on the login event, and logins per test: each delivery logs a line at debug level. */
const HOOKS = 4;
const LOGINS = 250;
const STOP_WITHIN_MS = 10_000;

describe('the standalone worker, its logs piped to a reader in trouble', () => {
  let database: TestDatabase;
  let storage: StorageHandle;
  let receiver: Receiver;
  let login: (id: string) => Promise<unknown>;
  let worker: TroubledProcess | null = null;

  beforeAll(async () => {
    database = await freshDatabase({ requireServer: true });
    receiver = await new Receiver().start();
    storage = await openStorage({ databaseUrl: database.url, migrate: true });
    const project = await projectWithHook(storage, database.url, 'Logs', receiver.url('/hook-0'));
    const webhooks = project.container.get<WebhookAdministration>(USE_CASES.WebhookAdministration);
    for (let h = 1; h < HOOKS; h += 1) {
      const created = await webhooks.create(project.projectId, { event: 'login_success', url: receiver.url(`/hook-${h}`) });
      if (created.kind !== 'ok') throw new Error(JSON.stringify(created));
    }
    login = project.login;
  }, 60_000);

  afterEach(() => {
    worker?.kill();
    worker = null;
  });

  afterAll(async () => {
    await storage?.close();
    await receiver?.stop();
    await database?.drop();
  });

  it.each<[StdoutTrouble, string]>([
    ['closed', 'a reader that took 100 bytes and went away (| head -c 100)'],
    ['unread', 'a reader that never reads'],
  ])('should deliver everything, keep answering /health and stop on SIGTERM, its log output %s: %s', async (trouble) => {
    const before = receiver.received.length;
    for (let i = 0; i < LOGINS; i += 1) await login(`${trouble}-${i}`);
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    worker = startWithTroubledStdout(
      MAIN,
      { DATABASE_URL: database.url, ALLOW_HTTP_TARGETS: 'true', ALLOW_PRIVATE_TARGETS: 'true', WORKER_METRICS_PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'debug', LOG_BUFFER_BYTES: '16384', WORKER_POLL_MS: '50' },
      trouble,
    );
    await untilHealthy(`${base}/health`);
    // A line per delivery: far more than the pipe, this end's buffer and the bound hold.
    await until(() => receiver.received.length - before === HOOKS * LOGINS, 'every delivery to arrive', 60_000);
    const health = await statusOf(`${base}/health`);
    const dropped = await counterOf(`${base}/metrics`, 'webhook_log_lines_dropped_total');
    const stopped = await worker.terminate(STOP_WITHIN_MS);

    expect({ health, stopped }).toEqual({ health: 200, stopped: { code: 0, ms: expect.any(Number) } });
    expect(await storage.queue.pendingCount()).toBe(0);
    expect(dropped).toBeGreaterThan(0);
  }, 120_000);
});
