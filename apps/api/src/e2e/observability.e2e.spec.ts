import { hostname } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { E2e } from './support/service.js';
import { newProject, startE2e, subscribe, uid } from './support/service.js';

const SCRAPE_TOKEN = 'metrics-token-for-e2e-tests';

let e2e: E2e;
beforeAll(async () => {
  e2e = await startE2e({ RETRY_SCHEDULE_MS: '0,200', WORKER_POLL_MS: '50', METRICS_TOKEN: SCRAPE_TOKEN });
}, 60_000);
afterAll(async () => {
  await e2e.stop();
});

type Line = Record<string, unknown>;
/** The service's JSON log lines. */
const lines = (): Line[] =>
  e2e.logs
    .join('')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Line);
/** The attempt lines about one webhook. */
const attemptsOf = (webhookId: string) => lines().filter((l) => l['msg'] === 'delivery attempt' && l['webhookId'] === webhookId);

async function until<T>(read: () => T | undefined, what: string): Promise<T> {
  for (let i = 0; i < 400; i += 1) {
    const value = read();
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('observability of the api with its worker inside', () => {
  describe('when a delivery fails once and then succeeds, an interactive call is made and a test is sent', () => {
    it('should log one line per attempt with ids, event, number, outcome, status, duration and error class, and none of the payload, headers or secret', async () => {
      const p = await newProject(e2e);
      const hook = await subscribe(e2e, p, 'login_success', '/observed');
      e2e.receiver.behave('/observed', { kind: 'reply', status: 503, body: 'busy' });
      const marker = `marker-${uid()}@example.com`;
      const reported = await p.platform.post(`${p.base}/activities`, {
        id: uid('login'),
        type: 'login',
        via: 'password',
        origin: 'applicant',
        occurredAt: new Date().toISOString(),
        user: { id: 'u-obs', username: marker },
      });
      expect(reported.status).toBe(202);
      await e2e.receiver.waitFor('/observed', 1);
      e2e.receiver.behave('/observed', { kind: 'reply', status: 200 });
      await e2e.receiver.waitFor('/observed', 2);
      const worker = await until(() => {
        const found = attemptsOf(hook.id);
        return found.length >= 2 ? found : undefined;
      }, 'two attempt lines');
      expect(worker).toEqual([
        expect.objectContaining({ level: 30, source: 'worker', event: 'login_success', attempt: 1, outcome: 'retry', status: 503, errorClass: 'http_status', durationMs: expect.any(Number), deliveryId: expect.stringMatching(/^dlv_/), projectId: p.id }),
        expect.objectContaining({ level: 30, source: 'worker', event: 'login_success', attempt: 2, outcome: 'succeeded', status: 200, errorClass: null, durationMs: expect.any(Number) }),
      ]);
      expect(worker[0]?.['deliveryId']).toBe(worker[1]?.['deliveryId']);

      await p.platform.put(`${p.base}/forms/f1`, { name: 'Form 1', audience: 'user' });
      const pre = await subscribe(e2e, p, 'form_preprocess_f1', '/observed-pre');
      const decided = await p.platform.post(`${p.base}/forms/f1/preprocess`, { id: uid('pre'), origin: 'applicant', user: { id: 'u-obs', username: marker }, doc: { field: marker } });
      expect(decided.status).toBe(200);
      const tested = await p.admin.post(`${p.base}/webhooks/${hook.id}/test`);
      expect(tested.status).toBe(200);
      expect(attemptsOf(pre.id)).toEqual([expect.objectContaining({ source: 'interactive', event: 'form_preprocess_f1', attempt: 1, outcome: 'succeeded', status: 200 })]);
      expect(attemptsOf(hook.id).filter((l) => l['source'] === 'test')).toEqual([expect.objectContaining({ event: 'login_success', outcome: 'succeeded', status: 200 })]);

      // Never the payload, a header value or a secret.
      const received = [...e2e.receiver.at('/observed'), ...e2e.receiver.at('/observed-pre')];
      const text = JSON.stringify(lines().filter((l) => l['msg'] === 'delivery attempt'));
      for (const value of [marker, hook.secret, pre.secret, ...received.flatMap((r) => [String(r.headers['webhook-id']), String(r.headers['webhook-signature'])])]) {
        expect(text).not.toContain(value);
      }
    });
  });

  describe('when any line is written', () => {
    it('should carry the process id and the host', () => {
      const all = lines();
      expect(all.length).toBeGreaterThan(3);
      for (const line of all) expect(line).toMatchObject({ pid: process.pid, hostname: hostname() });
    });
  });

  describe('when the probes are called at log level info', () => {
    it('should not log them (debug), while other requests are logged', async () => {
      const before = lines().length;
      for (const path of ['/health', '/ready']) expect((await e2e.anonymous.get(path)).status).toBe(200);
      expect((await e2e.anonymous.as(SCRAPE_TOKEN).get('/metrics')).status).toBe(200);
      expect((await e2e.anonymous.get('/v1/event-types')).status).toBe(200);
      const routes = lines()
        .slice(before)
        .filter((l) => l['msg'] === 'request')
        .map((l) => l['route']);
      expect(routes).toEqual(['/v1/event-types']);
    });
  });

  describe('when /metrics is scraped with METRICS_TOKEN set', () => {
    it('should refuse a scrape without the token and count outcomes by event pattern and the time from event to delivery', async () => {
      expect((await e2e.anonymous.get('/metrics')).status).toBe(401);
      const scraped = await e2e.anonymous.as(SCRAPE_TOKEN).get<string>('/metrics');
      expect(scraped.status).toBe(200);
      for (const sample of [
        'webhook_deliveries_total{event="login_success",outcome="retry"} 1',
        'webhook_deliveries_total{event="login_success",outcome="succeeded"} 1',
        'webhook_deliveries_total{event="form_preprocess_{form}",outcome="succeeded"} 1',
        'webhook_event_to_delivery_seconds_count 1',
        'webhook_queue_depth{state="due"} 0',
        'webhook_oldest_due_age_seconds 0',
        'webhook_failing_webhooks 0',
      ]) {
        expect(scraped.body).toContain(sample);
      }
    });
  });
});
