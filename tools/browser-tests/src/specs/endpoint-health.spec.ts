import { failing } from '../harness/project-fixture.js';
import { describe, expect } from '@jest/globals';
import { describeViolations, seriousViolations } from '../harness/axe.js';
import { browserTest } from '../harness/browser-test.js';
import { useSuite } from '../harness/suite.js';
import { PHONE, createWebhook, eventually, sidewaysOverflow, signIn, webhookRow } from '../harness/ui-actions.js';
import { saveViewScreenshot } from '../harness/view-screenshot.js';

// Disabled at its first failed attempt: the five-day default is the domain tests' (clock port).
const suite = useSuite('Endpoint health', { DISABLE_FAILING_WEBHOOKS_AFTER_HOURS: '0' });

describe('a webhook the service disabled because its endpoint kept failing', () => {
  browserTest('should say why it is disabled and since when, and come back healthy with Enable', suite, async (page, s) => {
    const hook = await createWebhook(s, { event: 'login_success', url: s.receiver.url('/hooks/failing') });
    const api = `${s.api.apiUrl}/v1/projects/${s.project.id}`;
    const readHook = async () => (await (await fetch(`${api}/webhooks/${hook.id}`, { headers: { Authorization: `Bearer ${s.project.apiKey}` } })).json()) as Record<string, unknown>;
    failing(s.receiver, true);
    const login = await fetch(`${api}/activities`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${s.project.platformKey}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ id: 'login-1', type: 'login', via: 'password', origin: 'applicant', occurredAt: new Date().toISOString(), user: { id: 'u1', username: 'u1@example.com' } }),
    });
    expect(login.status).toBe(202);
    await eventually(async () => (await readHook())['disabledReason'], 'failing');
    const failingSince = String((await readHook())['failingSince']);

    await signIn(page, s);
    const card = webhookRow(page, hook.url);
    await card.getByText('Disabled (failing)', { exact: true }).waitFor();
    const why = card.getByText(/every delivery attempt has failed since/);
    await why.waitFor();
    const shown = await page.evaluate((iso) => {
      const d = new Date(iso);
      const pad = (n: number) => String(n).padStart(2, '0');
      return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
    }, failingSince);
    // The browser runs in UTC: the time is labelled with that zone.
    expect(await why.textContent()).toContain(`since ${shown} UTC. Fix the endpoint, then press Enable`);
    // The Enable button is described by the explanation, for a screen reader too.
    const enable = card.getByRole('button', { name: 'Enable' });
    expect(await enable.getAttribute('aria-describedby')).toBe(await why.getAttribute('id'));
    const violations = await seriousViolations(page);
    expect(violations).toEqual([]);
    if (violations.length > 0) throw new Error(describeViolations(violations));
    // What happens to the failed deliveries is said too: Enable does not resend them.
    expect(await why.textContent()).toContain('it does not resend what failed: open Deliveries and use Resend failed…');
    await saveViewScreenshot(page, 'webhook-disabled-by-service');
    await page.setViewportSize(PHONE);
    expect(await sidewaysOverflow(page)).toBe(0);
    await saveViewScreenshot(page, 'phone-webhook-disabled-by-service');
    await page.setViewportSize({ width: 1280, height: 800 });

    failing(s.receiver, false);
    await enable.click();
    await card.getByText('Enabled', { exact: true }).waitFor();
    await why.waitFor({ state: 'detached' });
    const healthy = await readHook();
    expect([healthy['enabled'], healthy['disabledReason'], healthy['failingSince']]).toEqual([true, null, null]);
  });
});
