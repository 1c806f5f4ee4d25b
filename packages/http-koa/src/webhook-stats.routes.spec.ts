import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { TestApp } from './test-app.spec-helper.js';
import { seedWorld, startTestApp } from './test-app.spec-helper.js';

describe('GET /v1/projects/:projectId/webhook-stats', () => {
  let app: TestApp;
  let world: Awaited<ReturnType<typeof seedWorld>>;

  beforeAll(async () => {
    app = await startTestApp();
    world = await seedWorld(app);
  });
  afterAll(() => app.close());

  it("should count every webhook's deliveries of the last 24 hours in one answer", async () => {
    const answer = await app.call('GET', `/v1/projects/${world.a}/webhook-stats`, { token: world.apiKey });
    expect(answer.status).toBe(200);
    const body = answer.body as { since: string; items: unknown[] };
    expect(Date.now() - Date.parse(body.since)).toBeGreaterThanOrEqual(24 * 3_600_000 - 60_000);
    expect(body.items).toEqual([
      { webhookId: world.webhookId, succeeded: 0, failed: 0, pending: 1, failedAttempts: 0, failedBeforeSuccess: 0, succeededAfterRetry: 0 },
    ]);
  });

  it('should count nothing created before `since`', async () => {
    const since = new Date(Date.now() + 60_000).toISOString();
    const answer = await app.call('GET', `/v1/projects/${world.a}/webhook-stats?since=${since}`, { token: world.apiKey });
    expect(answer.body).toEqual({ since, items: [] });
  });

  it('should name `since` when it is no time', async () => {
    const answer = await app.call('GET', `/v1/projects/${world.a}/webhook-stats?since=yesterday`, { token: world.apiKey });
    expect(answer.status).toBe(422);
    expect(JSON.stringify(answer.body)).toContain('since');
  });

  it("should answer 404 for another project's key, and 403 for the platform's", async () => {
    expect((await app.call('GET', `/v1/projects/${world.b}/webhook-stats`, { token: world.apiKey })).status).toBe(404);
    expect((await app.call('GET', `/v1/projects/${world.a}/webhook-stats`, { token: world.platform })).status).toBe(403);
  });
});
