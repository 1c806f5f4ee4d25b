import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { ProjectFixture, WebhookFixture } from './support/fixtures.js';
import { createProject, expectStatus, putForm, subscribe, uid, user } from './support/fixtures.js';
import { sized, writeFigures } from './support/figures.js';
import type { Service } from './support/service.js';
import { startService } from './support/service.js';

/**
 * The slow-host scenario: one tenant's receiver host stops answering its notify deliveries while
 * dozens (hundreds in the soak) are queued to it through the real worker; meanwhile other tenants'
 * form hooks and an admin's test sends go to the very same host (same host and port). They must all
 * be answered in time: interactive calls never wait behind queued deliveries.
 */
const SLOW_DELIVERIES = sized(48, 400);
const FORM_CALLS = sized(24, 400);
const TEST_SENDS = sized(4, 40);
/** Form calls in flight at once (several tenants' users at the same moment). */
const CALLERS = 4;
const FORM_TENANTS = 3;
/** The worker's share of one host (its default), the hanging deliveries' timeout, the form hooks' timeout. */
const PER_HOST = 16;
const NOTIFY_TIMEOUT_MS = 10_000;
const DEADLINE_MS = 3_000;
const HOOK_TIMEOUT_MS = 2_000;

const startedAt = new Date();
let svc: Service;
let slowTenant: ProjectFixture;
let slowHook: WebhookFixture;
let testTarget: WebhookFixture;
const formTenants: ProjectFixture[] = [];

const figures = {
  deliveriesQueued: SLOW_DELIVERIES,
  perHostShare: PER_HOST,
  notifyTimeoutMs: NOTIFY_TIMEOUT_MS,
  hookTimeoutMs: HOOK_TIMEOUT_MS,
  deadlineMs: DEADLINE_MS,
  formTenants: FORM_TENANTS,
  callers: CALLERS,
  heldWhenCallsBegan: 0,
  heldWhenCallsEnded: 0,
  slowRequestsMeanwhile: 0,
  formCalls: 0,
  formFailures: [] as string[],
  formLatencyMs: { p50: 0, p95: 0, max: 0 },
  testSends: 0,
  testSendFailures: [] as string[],
  testSendMaxMs: 0,
};

const percentile = (sorted: readonly number[], p: number): number => Math.round(sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0);
const open = (): number => svc.receiver.at(slowHook.path).filter((r) => r.closedAt === null).length;

beforeAll(async () => {
  svc = await startService({ suite: 'slow_host', env: { WORKER_PER_HOST_CONCURRENCY: String(PER_HOST), WORKER_POLL_MS: '50', INTERACTIVE_DEADLINE_MS: String(DEADLINE_MS) } });
  slowTenant = await createProject(svc, 'individual', 'Slow host tenant');
  slowHook = await subscribe(svc, slowTenant, 'login_success', '/slow-host/notify', { timeoutMs: NOTIFY_TIMEOUT_MS });
  svc.receiver.behave(slowHook.path, { kind: 'hang' });
  testTarget = await subscribe(svc, slowTenant, 'user_registered', '/slow-host/test-send');
  for (let t = 0; t < FORM_TENANTS; t += 1) {
    const tenant = await createProject(svc, 'individual', `Form tenant ${t}`);
    await putForm(svc, tenant, 'intake');
    const hook = await subscribe(svc, tenant, 'form_preprocess_intake', `/slow-host/form-${t}`, { timeoutMs: HOOK_TIMEOUT_MS, failurePolicy: 'closed' });
    svc.receiver.behave(hook.path, { kind: 'reply', status: 200, body: { msg: 'checked', msg_type: 'success' } });
    formTenants.push(tenant);
  }
}, 60_000);

afterAll(async () => {
  writeFigures('slow-host', startedAt, svc?.database?.kind ?? 'none', figures);
  await svc?.stop();
}, 60_000);

describe('the slow-host scenario', () => {
  describe("when a host hangs on one tenant's notify deliveries while others call form hooks and send tests to it", () => {
    it('should answer every form call and test send in time, none failed, while the hanging deliveries hold their share', async () => {
      for (let i = 0; i < SLOW_DELIVERIES; i += 1) {
        expectStatus(
          await svc.http.json('POST', `${slowTenant.base}/activities`, slowTenant.platformKey, { id: uid('slow'), type: 'login', via: 'password', origin: 'applicant', occurredAt: new Date().toISOString(), user: user(`s${i}`) }),
          202,
          'slow delivery',
        );
      }
      await svc.receiver.waitFor(slowHook.path, PER_HOST, 30_000);
      figures.heldWhenCallsBegan = open();
      const slowBefore = svc.receiver.at(slowHook.path).length;

      const latencies: number[] = [];
      let next = 0;
      const caller = async () => {
        while (next < FORM_CALLS) {
          const n = (next += 1);
          const tenant = formTenants[n % FORM_TENANTS] as ProjectFixture;
          const started = performance.now();
          const answer = await svc.http.json('POST', `${tenant.base}/forms/intake/preprocess`, tenant.platformKey, { id: uid('form'), origin: 'applicant', user: user(`f${n}`), doc: { n } });
          latencies.push(performance.now() - started);
          figures.formCalls += 1;
          const decision = answer.json as { proceed?: boolean; failures?: unknown[] } | undefined;
          if (answer.status !== 200 || decision?.proceed !== true || (decision.failures ?? []).length > 0) figures.formFailures.push(`${answer.status} ${answer.text.slice(0, 200)}`);
        }
      };
      await Promise.all(Array.from({ length: CALLERS }, caller));
      for (let i = 0; i < TEST_SENDS; i += 1) {
        const started = performance.now();
        const answer = await svc.http.json('POST', `${slowTenant.base}/webhooks/${testTarget.id}/test`, slowTenant.apiAdmin.key);
        figures.testSendMaxMs = Math.max(figures.testSendMaxMs, Math.round(performance.now() - started));
        figures.testSends += 1;
        if (answer.status !== 200 || (answer.json as { succeeded?: boolean } | undefined)?.succeeded !== true) figures.testSendFailures.push(`${answer.status} ${answer.text.slice(0, 200)}`);
      }
      figures.heldWhenCallsEnded = open();
      figures.slowRequestsMeanwhile = svc.receiver.at(slowHook.path).length - slowBefore;
      const sorted = [...latencies].sort((x, y) => x - y);
      figures.formLatencyMs = { p50: percentile(sorted, 0.5), p95: percentile(sorted, 0.95), max: Math.round(sorted[sorted.length - 1] ?? 0) };

      expect(figures.heldWhenCallsBegan).toBe(PER_HOST);
      expect(figures.formFailures).toEqual([]);
      expect(figures.testSendFailures).toEqual([]);
      expect(figures.formLatencyMs.max).toBeLessThan(HOOK_TIMEOUT_MS);
      expect(figures.testSendMaxMs).toBeLessThan(HOOK_TIMEOUT_MS);
    }, 300_000);
  });
});
