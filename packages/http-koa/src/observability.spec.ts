import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import type { TestApp } from './test-app.spec-helper.js';
import { field, registered, seedWorld, startTestApp } from './test-app.spec-helper.js';

type World = Awaited<ReturnType<typeof seedWorld>>;

describe('createHttpApp', () => {
  let app: TestApp;
  let w: World;
  beforeEach(async () => {
    app = await startTestApp();
    w = await seedWorld(app);
  });
  afterEach(() => app.close());

  describe('when a request carries an x-request-id', () => {
    it('should echo a sane one, in the header, the problem and the log', async () => {
      const answer = await app.call('GET', '/v1/projects/prj_unknown', { token: w.operator, headers: { 'x-request-id': 'trace-42.a:b' } });
      expect(answer.headers.get('x-request-id')).toBe('trace-42.a:b');
      expect(field(answer, 'requestId')).toBe('trace-42.a:b');
      const line = app.logs().split('\n').find((l) => l.includes('trace-42.a:b'));
      expect(JSON.parse(line ?? '{}')).toMatchObject({
        requestId: 'trace-42.a:b',
        method: 'GET',
        route: '/v1/projects/:projectId',
        status: 404,
        durationMs: expect.any(Number),
      });
    });

    it('should replace an insane one with a new id', async () => {
      const answer = await app.call('GET', '/health', { headers: { 'x-request-id': 'a b {"level":60}' + 'x'.repeat(200) } });
      expect(answer.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    });

    it('should give one to a request without', async () => {
      const answer = await app.call('GET', '/health');
      expect(answer.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    });
  });

  describe('when keys and secrets travel', () => {
    it('should log none of them', async () => {
      const rotated = await app.call('POST', `/v1/projects/${w.a}/webhooks/${w.webhookId}/rotate-secret`, { token: w.apiKey });
      const newAdmin = await app.call('POST', `/v1/projects/${w.a}/admins`, { token: w.operator, body: { email: 'k@example.com', apiAdmin: true } });
      await app.call('POST', `/v1/projects/${w.a}/activities`, {
        token: w.platform,
        body: { ...registered('act-pw', 'u-pw'), type: 'credentials_changed', changed: ['password'], password: 'hunter2' },
      });
      await app.call('GET', `/v1/projects/${w.a}/webhooks`, { token: 'ak_wrong-key-never-logged' });
      const logs = app.logs();
      expect(logs.length).toBeGreaterThan(0);
      const secrets = [w.operator, w.platform, w.platformB, w.apiKey, w.apiKeyB, w.plainAdminKey, w.secret, field(rotated, 'secret'), field(newAdmin, 'apiKey'), 'hunter2', 'ak_wrong-key-never-logged'];
      for (const secret of secrets) {
        expect(typeof secret === 'string' && secret.length > 5).toBe(true);
        expect(logs.includes(secret)).toBe(false);
      }
      expect(logs.toLowerCase()).not.toContain('bearer');
    });

    it('should show the secret on create and rotate only, and the keys once', async () => {
      const read = await app.call('GET', `/v1/projects/${w.a}/webhooks/${w.webhookId}`, { token: w.apiKey });
      const list = await app.call('GET', `/v1/projects/${w.a}/webhooks`, { token: w.apiKey });
      const project = await app.call('GET', `/v1/projects/${w.a}`, { token: w.operator });
      expect(read.text).not.toContain('secret');
      expect(list.text).not.toContain('whsec_');
      expect(project.body).toEqual({ id: w.a, name: 'Alpha', system: 'individual', createdAt: expect.any(String) });
      expect(w.secret).toMatch(/^whsec_/);
      expect(w.platform).toMatch(/^pk_/);
      expect(w.apiKey).toMatch(/^ak_/);
    });
  });

  describe('when /metrics is scraped', () => {
    it('should serve the registry with the service metrics', async () => {
      await app.call('POST', `/v1/projects/${w.a}/forms/f1/preprocess`, {
        token: w.platform,
        body: { id: 'i-1', origin: 'applicant', user: { id: 'u-1', username: 'u' }, doc: {} },
      });
      const answer = await app.call('GET', '/metrics');
      expect(answer.status).toBe(200);
      expect(answer.headers.get('content-type')).toContain('text/plain');
      for (const name of [
        'webhook_deliveries_total',
        'webhook_attempt_duration_seconds',
        'webhook_event_to_delivery_seconds',
        'webhook_queue_depth{state="due"} 2',
        'webhook_queue_depth{state="scheduled"} 1',
        'webhook_oldest_due_age_seconds 1.5',
        'webhook_failing_webhooks 1',
        'webhook_interactive_duration_seconds_count{moment="preprocess"} 1',
        'webhook_interactive_failures_total',
        'http_request_duration_seconds_count{method="POST",route="/v1/projects/:projectId/webhooks",status="201"} 1',
      ]) {
        expect(answer.text).toContain(name);
      }
    });
  });

  describe('when probes and other routes are called', () => {
    it('should log health, readiness and metrics probes at debug and every other request at info', async () => {
      for (const path of ['/health', '/ready', '/metrics', '/v1/event-types']) await app.call('GET', path);
      const lines = app
        .logs()
        .split('\n')
        .filter((l) => l.includes('"msg":"request"'))
        .map((l) => JSON.parse(l) as { route: string; level: number });
      const levelOf = (route: string) => lines.find((l) => l.route === route)?.level;
      expect([levelOf('/health'), levelOf('/ready'), levelOf('/metrics'), levelOf('/v1/event-types')]).toEqual([20, 20, 20, 30]);
    });

    it('should log a probe that answers an error at info', async () => {
      app.setReady(false);
      await app.call('GET', '/ready');
      const line = app
        .logs()
        .split('\n')
        .find((l) => l.includes('"route":"/ready"'));
      expect(JSON.parse(line ?? '{}')).toMatchObject({ level: 30, status: 503 });
    });
  });
});

describe('createHttpApp with a metrics token', () => {
  let app: TestApp;
  beforeEach(async () => {
    app = await startTestApp({ metricsToken: 'scrape-token-0123456789' });
  });
  afterEach(() => app.close());

  it('should answer /metrics only to a bearer with that token, 401 otherwise', async () => {
    const none = await app.call('GET', '/metrics');
    const wrong = await app.call('GET', '/metrics', { token: 'scrape-token-wrong' });
    const right = await app.call('GET', '/metrics', { token: 'scrape-token-0123456789' });
    expect([none.status, wrong.status, right.status]).toEqual([401, 401, 200]);
    expect(none.headers.get('www-authenticate')).toBe('Bearer realm="webhooks"');
    expect(none.headers.get('content-type')).toContain('application/problem+json');
    expect(right.text).toContain('webhook_deliveries_total');
    expect(app.logs()).not.toContain('scrape-token-0123456789');
  });

  it('should leave health and readiness open', async () => {
    expect((await app.call('GET', '/health')).status).toBe(200);
    expect((await app.call('GET', '/ready')).status).toBe(200);
  });
});
