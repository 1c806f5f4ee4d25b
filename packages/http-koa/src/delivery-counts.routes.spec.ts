import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { answer } from '@webhooks/domain/testing';
import type { TestApp } from './test-app.spec-helper.js';
import { seedWorld, startTestApp } from './test-app.spec-helper.js';

const RECEIVER = 'https://receiver.example/registered';

describe('following a bulk resend: resentAt, and GET …/deliveries/counts', () => {
  let app: TestApp;
  let world: Awaited<ReturnType<typeof seedWorld>>;
  const counts = (query = '') => app.call('GET', `/v1/projects/${world.a}/deliveries/counts${query}`, { token: world.apiKey });
  const resendFailed = (body: object) => app.call('POST', `/v1/projects/${world.a}/deliveries/resend-failed`, { token: world.apiKey, body });

  /** Sends what is due, hour by hour for a day and a half: every attempt of a round. */
  async function settle(): Promise<void> {
    for (let hour = 0; hour < 36; hour += 1) {
      while ((await app.service.worker.runOnce()) > 0);
      app.service.clock.advance(3_600_000);
    }
  }

  beforeAll(async () => {
    app = await startTestApp();
    world = await seedWorld(app);
    // The seeded delivery fails every attempt of its round.
    app.service.transport.script(RECEIVER, answer(500));
    await settle();
  });
  afterAll(() => app.close());

  it("should count the log's deliveries by status, under the log's filters", async () => {
    const all = await counts();
    expect([all.status, all.body]).toEqual([200, { pending: 0, succeeded: 0, failed: 1, suppressed: 0, total: 1 }]);
    expect((await counts(`?webhookId=${world.webhookId}&status=failed&event=user_registered`)).body).toMatchObject({ failed: 1, total: 1 });
    expect((await counts('?from=2100-01-01T00:00:00Z')).body).toEqual({ pending: 0, succeeded: 0, failed: 0, suppressed: 0, total: 0 });
    // Not taken for a delivery id: GET …/deliveries/:deliveryId still answers a delivery.
    expect((await app.call('GET', `/v1/projects/${world.a}/deliveries/${world.deliveryId}`, { token: world.apiKey })).body).toMatchObject({ id: world.deliveryId, resentAt: null });
  });

  it('should answer the time of a bulk resend (null on a dry run), taken without `since`, and follow its deliveries to their outcome by it', async () => {
    const counted = await resendFailed({ dryRun: true });
    expect([counted.status, counted.body]).toEqual([202, { dryRun: true, queued: 1, skipped: 0, skippedByReason: {}, resentAt: null }]);

    const done = await resendFailed({ webhookId: world.webhookId });
    const resentAt = app.service.clock.now().toISOString();
    expect([done.status, done.body]).toEqual([202, { dryRun: false, queued: 1, skipped: 0, skippedByReason: {}, resentAt }]);
    expect((await counts(`?resentAt=${resentAt}`)).body).toEqual({ pending: 1, succeeded: 0, failed: 0, suppressed: 0, total: 1 });
    const listed = (await app.call('GET', `/v1/projects/${world.a}/deliveries?resentAt=${resentAt}`, { token: world.apiKey })).body as { items: { id: string; resentAt: string }[] };
    expect(listed.items.map((d) => [d.id, d.resentAt])).toEqual([[world.deliveryId, resentAt]]);
    expect((await app.call('GET', `/v1/projects/${world.a}/deliveries/${world.deliveryId}`, { token: world.apiKey })).body).toMatchObject({ resentAt });

    app.service.transport.script(RECEIVER, answer(200));
    await settle();
    expect((await counts(`?resentAt=${resentAt}`)).body).toEqual({ pending: 0, succeeded: 1, failed: 0, suppressed: 0, total: 1 });
    // Another time finds nothing.
    expect((await counts(`?resentAt=${new Date(Date.parse(resentAt) + 1).toISOString()}`)).body).toMatchObject({ total: 0 });
  });

  it('should still take `since`', async () => {
    expect((await resendFailed({ since: '2000-01-01T00:00:00Z', dryRun: true })).body).toMatchObject({ dryRun: true, queued: 0, resentAt: null });
  });

  it('should name the filter at fault', async () => {
    for (const [query, field] of [
      ['?resentAt=yesterday', 'resentAt'],
      ['?status=lost', 'status'],
      ['?limit=5', 'limit'],
    ] as const) {
      const bad = await counts(query);
      expect(bad.status).toBe(422);
      expect(JSON.stringify(bad.body)).toContain(field);
    }
    const badBody = await resendFailed({ resentAt: 'yesterday' });
    expect(badBody.status).toBe(422);
    expect(JSON.stringify(badBody.body)).toContain('resentAt');
  });

  it("should answer 404 for another project's key, and 403 for the platform's", async () => {
    expect((await app.call('GET', `/v1/projects/${world.b}/deliveries/counts`, { token: world.apiKey })).status).toBe(404);
    expect((await app.call('GET', `/v1/projects/${world.a}/deliveries/counts`, { token: world.platform })).status).toBe(403);
  });
});
