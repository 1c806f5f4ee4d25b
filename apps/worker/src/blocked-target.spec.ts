import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { openStorage } from '@webhooks/storage-postgres';
import type { StorageHandle } from '@webhooks/storage-postgres';
import { freshDatabase } from '@webhooks/storage-postgres/testing';
import type { TestDatabase } from '@webhooks/storage-postgres/testing';
import type { TestProcess } from '@webhooks/test-kit';
import { Receiver } from '@webhooks/test-kit';
import { projectWithHook, startWorkerProcess, until } from './worker-process.spec-helper.js';

describe('apps/worker, with a target its SSRF guard refuses', () => {
  let database: TestDatabase;
  let storage: StorageHandle;
  let receiver: Receiver;
  let worker: TestProcess | undefined;
  let projectId = '';

  beforeAll(async () => {
    database = await freshDatabase({ requireServer: true });
    receiver = await new Receiver().start();
    storage = await openStorage({ databaseUrl: database.url, migrate: true });
    // Saved where private targets were allowed; this worker runs where they are not.
    const hook = await projectWithHook(storage, database.url, 'Blocked', receiver.url('/in'));
    projectId = hook.projectId;
    await hook.login('1');
  }, 60_000);

  afterAll(async () => {
    await worker?.kill();
    await storage?.close();
    await receiver?.stop();
    await database?.drop();
  });

  it('should fail the delivery with the reason after the short retries, instead of waiting out the schedule', async () => {
    // Two short retries, then an hour: the delivery must be failed after its third attempt, not wait an hour.
    worker = startWorkerProcess(database.url, { ALLOW_PRIVATE_TARGETS: 'false', RETRY_SCHEDULE_MS: '0,200,200,3600000,3600000', WORKER_POLL_MS: '50' });
    const status = async () => (await storage.storage.deliveries.list(projectId, {}, { limit: 10 })).items[0]?.status;
    await until(async () => (await status()) !== 'pending', 'the blocked delivery to be settled', 30_000);
    const [delivery] = (await storage.storage.deliveries.list(projectId, {}, { limit: 10 })).items;
    const detail = await storage.storage.deliveries.get(projectId, delivery?.id ?? '');
    expect(detail?.delivery).toMatchObject({ status: 'failed', attemptCount: 3, nextAttemptAt: null, lastError: expect.stringContaining('loopback') });
    expect(detail?.attempts.map((a) => a.errorClass)).toEqual(['blocked', 'blocked', 'blocked']);
    expect(receiver.received).toEqual([]);
    await worker.stop();
  }, 60_000);
});
