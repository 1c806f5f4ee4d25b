import { failing } from '../harness/project-fixture.js';
import { describe, expect } from '@jest/globals';
import { browserTest } from '../harness/browser-test.js';
import { useSuite } from '../harness/suite.js';
import { PHONE, createWebhook, sendTestEvent, sidewaysOverflow, signIn } from '../harness/ui-actions.js';

const suite = useSuite('Attempt evidence');

/** A response body well past the 300 characters the inline result shows. */
const LONG_BODY = `upstream said no: ${'x'.repeat(600)} (end of body)`;

describe('one delivery, as evidence', () => {
  browserTest('should show each attempt with the request exactly as the receiver got it, the whole response, and copy buttons', suite, async (page, s) => {
    const hook = await createWebhook(s, { event: 'user_registered', url: s.receiver.url('/hooks/evidence?tenant=a') });
    failing(s.receiver, true, LONG_BODY);
    let sent: { deliveryId: string };
    try {
      sent = await sendTestEvent(s, hook.id);
    } finally {
      failing(s.receiver, false);
    }
    const got = s.receiver.received.find((r) => r.path === '/hooks/evidence?tenant=a');
    if (got === undefined) throw new Error('the receiver got nothing');

    await signIn(page, s);
    await page.goto(`${s.api.origin}/ui/#/deliveries/${sent.deliveryId}`);
    await page.getByRole('heading', { level: 2, name: 'Attempts' }).waitFor();
    expect(await page.locator('.facts dd').first().textContent()).toContain('failed');
    await page.getByText('Test send', { exact: true }).waitFor();

    const attempt = page.locator('.evidence').first();
    expect(await attempt.getByRole('heading', { level: 3 }).textContent()).toBe('Failed: HTTP 500 (attempt 1)');
    expect(await attempt.locator('dd.truncate').getAttribute('title')).toBe(hook.url);
    await attempt.getByText('Request: headers and body as sent').click();
    const header = async (table: string, name: string) =>
      attempt.getByRole('table', { name: table }).getByRole('row').filter({ has: page.getByRole('rowheader', { name, exact: true }) }).getByRole('cell').textContent();
    for (const name of ['webhook-id', 'webhook-timestamp', 'webhook-signature', 'content-type']) expect(await header('Request headers', name)).toBe(got.headers[name]);
    expect(got.headers['webhook-signature']).toMatch(/^v1,/);
    expect(await attempt.getByLabel('request body', { exact: true }).textContent()).toBe(got.body);

    // The response: open since the attempt failed, its headers and the whole body kept.
    expect(await header('Response headers', 'x-receiver')).toBe('browser-tests');
    expect(await attempt.getByLabel('response body', { exact: true }).textContent()).toBe(LONG_BODY);

    await attempt.getByRole('button', { name: 'Copy request body' }).click();
    await attempt.getByText('Copied').first().waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(got.body);
    await page.getByRole('button', { name: 'Copy webhook-id' }).click();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(got.headers['webhook-id']);
  });

  browserTest('should fit a phone: status first, no sideways scrolling, the long URL cut with its full value at hand', suite, async (page, s) => {
    const longUrl = s.receiver.url(`/hooks/${'very-long-path-segment-'.repeat(6)}end`);
    const hook = await createWebhook(s, { event: 'login_success', url: longUrl });
    const sent = await sendTestEvent(s, hook.id);
    await page.setViewportSize(PHONE);
    await signIn(page, s);
    await page.goto(`${s.api.origin}/ui/#/deliveries/${sent.deliveryId}`);
    await page.getByRole('heading', { level: 2, name: 'Attempts' }).waitFor();
    await page.locator('.evidence').first().getByText('Request: headers and body as sent').click();
    expect(await sidewaysOverflow(page)).toBe(0);
    expect(await page.locator('.facts dt').first().textContent()).toBe('Status');
    const url = page.locator('.evidence dd.truncate').first();
    expect(await url.getAttribute('title')).toBe(longUrl);
    expect(await url.evaluate((e) => e.scrollWidth > e.clientWidth)).toBe(true);

    await page.goto(`${s.api.origin}/ui/#/deliveries?webhookId=${hook.id}`);
    await page.locator('tbody tr').first().waitFor();
    expect(await sidewaysOverflow(page)).toBe(0);
    const first = page.locator('tbody tr').first().locator('td').first();
    expect(await first.textContent()).toBe('succeeded');
  });
});
