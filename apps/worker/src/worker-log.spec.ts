import { hostname } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { openStorage } from '@webhooks/storage-postgres';
import type { StorageHandle } from '@webhooks/storage-postgres';
import { freshDatabase } from '@webhooks/storage-postgres/testing';
import type { TestDatabase } from '@webhooks/storage-postgres/testing';
import { Receiver } from '@webhooks/test-kit';
import type { TestProcess } from '@webhooks/test-kit';
import { projectWithHook, startWorkerProcess, until } from './worker-process.spec-helper.js';

describe('apps/worker running alone', () => {
  let database: TestDatabase;
  let storage: StorageHandle;
  let receiver: Receiver;
  let worker: TestProcess | undefined;

  beforeAll(async () => {
    database = await freshDatabase({ requireServer: true });
    receiver = await new Receiver().start();
    receiver.behave('/alone', { kind: 'sequence', statuses: [500, 200] });
    storage = await openStorage({ databaseUrl: database.url, migrate: true });
  }, 60_000);

  afterAll(async () => {
    await worker?.kill();
    await storage?.close();
    await receiver?.stop();
    await database?.drop();
  });

  describe('when it delivers with a retry, at log level info', () => {
    it('should write one line per attempt, with its pid and host, and no payload', async () => {
      const url = receiver.url('/alone');
      const { login } = await projectWithHook(storage, database.url, 'Log test', url);
      await login('log-1');
      worker = startWorkerProcess(database.url, { LOG_LEVEL: 'info', RETRY_SCHEDULE_MS: '0,100', WORKER_POLL_MS: '50' });
      const attempts = () =>
        (worker?.output ?? '')
          .split('\n')
          .filter((l) => l.includes('"msg":"delivery attempt"'))
          .map((l) => JSON.parse(l) as Record<string, unknown>);
      await until(() => attempts().length >= 2, 'two attempt lines', 30_000);
      await worker.stop();
      expect(attempts()).toEqual([
        expect.objectContaining({ pid: worker.pid, hostname: hostname(), source: 'worker', event: 'login_success', attempt: 1, outcome: 'retry', status: 500, errorClass: 'http_status' }),
        expect.objectContaining({ pid: worker.pid, hostname: hostname(), source: 'worker', event: 'login_success', attempt: 2, outcome: 'succeeded', status: 200 }),
      ]);
      expect(worker.output).not.toContain('ulog-1');
    }, 60_000);
  });
});
