import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { TestApp } from './test-app.spec-helper.js';
import { seedWorld, startTestApp } from './test-app.spec-helper.js';

describe('the resend rules, said before a resend is asked', () => {
  let app: TestApp;
  let world: Awaited<ReturnType<typeof seedWorld>>;

  beforeAll(async () => {
    app = await startTestApp();
    world = await seedWorld(app);
  });
  afterAll(() => app.close());

  describe('GET …/deliveries/:deliveryId and GET …/deliveries', () => {
    it('should say whether a resend is allowed, and when not the reason and detail a 409 would give', async () => {
      const delivery = `/v1/projects/${world.a}/deliveries/${world.deliveryId}`;
      expect((await app.call('GET', delivery, { token: world.apiKey })).body).toMatchObject({ resend: { allowed: true, reason: null, detail: null } });
      await app.call('PATCH', `/v1/projects/${world.a}/webhooks/${world.webhookId}`, { token: world.apiKey, body: { enabled: false } });
      try {
        const refused = (await app.call('GET', delivery, { token: world.apiKey })).body as { resend: { allowed: boolean; reason: string; detail: string } };
        expect(refused.resend).toMatchObject({ allowed: false, reason: 'webhook_disabled' });
        const listed = (await app.call('GET', `/v1/projects/${world.a}/deliveries`, { token: world.apiKey })).body as { items: { id: string; resend: unknown }[] };
        expect(listed.items.find((d) => d.id === world.deliveryId)?.resend).toEqual(refused.resend);
        const conflict = await app.call('POST', `${delivery}/resend`, { token: world.apiKey });
        expect(conflict.status).toBe(409);
        expect(conflict.body).toMatchObject({ reason: 'webhook_disabled', detail: `this delivery cannot be resent: ${refused.resend.detail}` });
      } finally {
        await app.call('PATCH', `/v1/projects/${world.a}/webhooks/${world.webhookId}`, { token: world.apiKey, body: { enabled: true } });
      }
    });
  });

  describe('POST …/deliveries/resend-failed', () => {
    const path = () => `/v1/projects/${world.a}/deliveries/resend-failed`;

    it("should take the log's filters and a dry run, and answer the counts", async () => {
      const body = { since: '2025-01-01T00:00:00Z', webhookId: world.webhookId, event: 'user_registered', to: '2100-01-01T00:00:00Z', responseClass: '5xx', applicant: 'u-1', dryRun: true };
      const answer = await app.call('POST', path(), { token: world.apiKey, body });
      expect([answer.status, answer.body]).toEqual([202, { dryRun: true, queued: 0, skipped: 0, skippedByReason: {}, resentAt: null }]);
    });

    it('should name the filter at fault', async () => {
      const answer = await app.call('POST', path(), { token: world.apiKey, body: { since: '2025-01-01T00:00:00Z', responseClass: '6xx' } });
      expect(answer.status).toBe(422);
      expect(JSON.stringify(answer.body)).toContain('responseClass');
    });
  });
});
