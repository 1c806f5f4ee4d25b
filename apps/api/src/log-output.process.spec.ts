import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { freshDatabase } from '@webhooks/storage-postgres/testing';
import type { TestDatabase } from '@webhooks/storage-postgres/testing';
import { counterOf, freePort, startWithTroubledStdout, statusOf, untilHealthy } from '@webhooks/test-kit';
import type { StdoutTrouble, TroubledProcess } from '@webhooks/test-kit';

const MAIN = fileURLToPath(new URL('./main.ts', import.meta.url));
/** Requests sent while the log output is in trouble: each logs a line, far more than a pipe holds. */
const REQUESTS = 1_500;
/** How long SIGTERM may take to stop the process (it drains the worker and closes the database). */
const STOP_WITHIN_MS = 10_000;

describe('the api process, its logs piped to a reader in trouble', () => {
  let database: TestDatabase;
  let service: TroubledProcess | null = null;

  beforeAll(async () => {
    database = await freshDatabase({ requireServer: true, prefix: 'webhooks_logs' });
  });
  afterEach(() => {
    service?.kill();
    service = null;
  });
  afterAll(async () => {
    await database?.drop();
  });

  it.each<[StdoutTrouble, string]>([
    ['closed', 'a reader that took 100 bytes and went away (| head -c 100)'],
    ['unread', 'a reader that never reads'],
  ])('should keep answering /health and stop on SIGTERM, its log output %s: %s', async (trouble) => {
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    service = startWithTroubledStdout(
      MAIN,
      { PORT: String(port), HOST: '127.0.0.1', DATABASE_URL: database.url, OPERATOR_TOKEN: 'operator-token-for-the-log-test', LOG_LEVEL: 'debug', LOG_BUFFER_BYTES: '16384' },
      trouble,
    );
    await untilHealthy(`${base}/health`);

    // Every request logs a line (probes at debug): far more than the pipe, this end's buffer and the bound hold.
    let answered = 0;
    for (let sent = 0; sent < REQUESTS; sent += 50) {
      const statuses = await Promise.all(Array.from({ length: 50 }, () => statusOf(`${base}/health?pad=${'x'.repeat(400)}`)));
      answered += statuses.filter((s) => s === 200).length;
    }
    const ready = await statusOf(`${base}/ready`);
    const dropped = await counterOf(`${base}/metrics`, 'webhook_log_lines_dropped_total');
    const stopped = await service.terminate(STOP_WITHIN_MS);

    expect({ answered, ready, stopped }).toEqual({ answered: REQUESTS, ready: 200, stopped: { code: 0, ms: expect.any(Number) } });
    // What could not be written was dropped and counted.
    expect(dropped).toBeGreaterThan(0);
  }, 120_000);
});
