import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { USE_CASES } from '@webhooks/composition';
import type { WebhookAdministration } from '@webhooks/domain';
import { openStorage } from '@webhooks/storage-postgres';
import type { StorageHandle } from '@webhooks/storage-postgres';
import { freshDatabase } from '@webhooks/storage-postgres/testing';
import type { TestDatabase } from '@webhooks/storage-postgres/testing';
import { Receiver } from '@webhooks/test-kit';
import type { TestProcess } from '@webhooks/test-kit';
import { projectWithHook, startWorkerProcess, until } from './worker-process.spec-helper.js';

/** Logins reported per project. */
const EACH = 12;
/** What the poison receiver answers, 2xx each: a NUL byte, and a body whose 4,096-character cut falls inside an emoji. */
const POISON: Readonly<Record<string, string>> = { '/nul': 'ok\0', '/emoji': `${'a'.repeat(4095)}😀` };

describe('apps/worker, with a receiver whose answers cannot be stored as they are', () => {
  let database: TestDatabase;
  let storage: StorageHandle;
  let receiver: Receiver;
  let worker: TestProcess | undefined;
  /** How many times each event (webhook-id) reached `path`. */
  const timesEachEventAt = (path: string): number[] => {
    const byId = new Map<string, number>();
    for (const { headers } of receiver.at(path)) {
      const id = String(headers['webhook-id']);
      byId.set(id, (byId.get(id) ?? 0) + 1);
    }
    return [...byId.values()];
  };

  beforeAll(async () => {
    database = await freshDatabase({ requireServer: true });
    receiver = await new Receiver().start();
    for (const [path, body] of Object.entries(POISON)) receiver.behave(path, { kind: 'reply', status: 200, body, headers: { 'content-type': 'text/plain; charset=utf-8' } });
    storage = await openStorage({ databaseUrl: database.url, migrate: true });
    const poison = await projectWithHook(storage, database.url, 'Poison', receiver.url('/nul'));
    const added = await poison.container.get<WebhookAdministration>(USE_CASES.WebhookAdministration).create(poison.projectId, { event: 'login_success', url: receiver.url('/emoji') });
    if (added.kind !== 'ok') throw new Error(JSON.stringify(added));
    const healthy = await projectWithHook(storage, database.url, 'Healthy', receiver.url('/healthy'));
    for (let i = 0; i < EACH; i += 1) await Promise.all([poison.login(`p${i}`), healthy.login(`h${i}`)]);
  }, 60_000);

  afterAll(async () => {
    await worker?.kill();
    await storage?.close();
    await receiver?.stop();
    await database?.drop();
  });

  it('should record every delivery of both projects, and send the poison receiver each event once', async () => {
    // Short leases: a completion that cannot be written shows at once as the same event sent again.
    worker = startWorkerProcess(database.url, { WORKER_LEASE_MS: '1500', WORKER_POLL_MS: '100', WORKER_BATCH_SIZE: '8' });
    await until(async () => (await storage.queue.pendingCount()) === 0, 'every delivery to be recorded', 20_000).catch(() => undefined);
    // Three more leases: time enough for anything not recorded to be sent again.
    await new Promise((r) => setTimeout(r, 4_500));
    await worker.stop();

    const rows = await storage.db
      .selectFrom('deliveries as d')
      .innerJoin('subscriptions as s', 's.id', 'd.subscription_id')
      .leftJoin('attempts as a', 'a.delivery_id', 'd.id')
      .select(['s.url', 'd.status', 'd.attempt_count', 'a.response_body'])
      .execute();
    const byPath = (path: string) => rows.filter((r) => r.url.endsWith(path));
    for (const path of ['/nul', '/emoji', '/healthy']) {
      expect(byPath(path).map((r) => [r.status, r.attempt_count])).toEqual(Array.from({ length: EACH }, () => ['succeeded', 1]));
      expect(timesEachEventAt(path)).toEqual(Array.from({ length: EACH }, () => 1));
    }
    // The excerpts are kept as safe text: NUL replaced, the cut made before the emoji, not inside it.
    expect(new Set(byPath('/nul').map((r) => r.response_body))).toEqual(new Set(['ok\uFFFD']));
    expect(new Set(byPath('/emoji').map((r) => r.response_body))).toEqual(new Set(['a'.repeat(4095)]));
  }, 60_000);
});
