import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { openStorage } from '@webhooks/storage-postgres';
import type { StorageHandle } from '@webhooks/storage-postgres';
import { freshDatabase } from '@webhooks/storage-postgres/testing';
import type { TestDatabase } from '@webhooks/storage-postgres/testing';
import { pino } from 'pino';
import { createServiceContainer, readConfig, startWorker } from '@webhooks/composition';
import { projectWithHook, until } from './worker-process.spec-helper.js';

const DAY_MS = 86_400_000;
const logger = pino({ level: 'silent' });

describe('startWorker, retention', () => {
  let database: TestDatabase;
  let storage: StorageHandle;

  beforeAll(async () => {
    database = await freshDatabase({ requireServer: true });
    storage = await openStorage({ databaseUrl: database.url, migrate: true });
  }, 60_000);

  afterAll(async () => {
    await storage?.close();
    await database?.drop();
  });

  it('should prune every kind past its retention from the environment (defaults here) as soon as it starts, and keep the rest', async () => {
    const { projectId, login } = await projectWithHook(storage, database.url, 'Retention', 'http://127.0.0.1:9/never');
    for (const id of ['old', 'young', 'pending']) await login(id);
    const daysAgo = (days: number) => new Date(Date.now() - days * DAY_MS);
    // Aged by hand: a failed delivery past the 90 days failures are kept, one within them, and the old one's activity record past 90 days.
    const ageDelivery = (user: string, days: number) =>
      storage.db
        .updateTable('deliveries')
        .set({ status: 'failed', next_attempt_at: null, updated_at: daysAgo(days) })
        .where('event_id', 'in', (eb) => eb.selectFrom('events').select('id').where('activity_id', '=', `login-${user}`))
        .execute();
    await ageDelivery('old', 91);
    await ageDelivery('young', 89);
    await storage.db.updateTable('activities').set({ received_at: daysAgo(91) }).where('id', '=', 'login-old').execute();

    const config = readConfig({ DATABASE_URL: database.url, ALLOW_HTTP_TARGETS: 'true', ALLOW_PRIVATE_TARGETS: 'true' });
    const container = createServiceContainer(config, storage, logger);
    // The pending delivery's receiver is not there: keep the worker from sending it meanwhile.
    await storage.db.updateTable('deliveries').set({ next_attempt_at: new Date(Date.now() + DAY_MS) }).where('status', '=', 'pending').execute();
    const worker = startWorker(container, { logger, retention: config.retention });
    try {
      await until(async () => (await storage.db.selectFrom('activities').select('id').where('id', '=', 'login-old').execute()).length === 0, 'the old activity record to go', 10_000);
    } finally {
      await worker.stop();
    }
    const deliveries = await storage.db.selectFrom('deliveries').innerJoin('events', 'events.id', 'deliveries.event_id').select(['events.activity_id', 'deliveries.status']).where('deliveries.project_id', '=', projectId).execute();
    expect(deliveries.map((d) => [d.activity_id, d.status]).sort()).toEqual([
      ['login-pending', 'pending'],
      ['login-young', 'failed'],
    ]);
    const events = await storage.db.selectFrom('events').select('activity_id').where('project_id', '=', projectId).execute();
    expect(events.map((e) => e.activity_id).sort()).toEqual(['login-pending', 'login-young']);
    const activities = await storage.db.selectFrom('activities').select('id').where('project_id', '=', projectId).execute();
    expect(activities.map((a) => a.id).sort()).toEqual(['login-pending', 'login-young']);
  });
});
