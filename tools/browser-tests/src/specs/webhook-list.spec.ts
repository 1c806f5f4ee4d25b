import { describe, expect } from '@jest/globals';
import { describeViolations, seriousViolations } from '../harness/axe.js';
import { browserTest } from '../harness/browser-test.js';
import { useSuite } from '../harness/suite.js';
import { PHONE, createWebhook, eventually, sendTestEvent, sidewaysOverflow, signIn, webhookRow } from '../harness/ui-actions.js';
import { saveViewScreenshot } from '../harness/view-screenshot.js';

const suite = useSuite('Webhook list');

/** The tallest the page may grow with the table's 20 rows at 1280×800 (measured: see the README). */
const MAX_PAGE_HEIGHT = 2_200;

describe('the webhook list at 65 webhooks', () => {
  browserTest('should be a table of 20 per page, found by text or state, with one stats request for all, and fit a phone', suite, async (page, s) => {
    const long = `/hooks/${'a-very-long-path-segment/'.repeat(4)}list-64`;
    const listed = [];
    for (let i = 0; i < 63; i += 1) listed.push(await createWebhook(s, { event: 'user_registered', url: s.receiver.url(`/hooks/list-${String(i).padStart(2, '0')}`) }));
    const longHook = await createWebhook(s, { event: 'user_registered', url: s.receiver.url(long) });
    const off = await createWebhook(s, { event: 'payment_issued', url: s.receiver.url('/hooks/list-off'), description: 'Ledger export', enabled: false });
    const first = webhookRow(page, s.receiver.url('/hooks/list-00'));
    expect((await sendTestEvent(s, listed[0]?.id ?? '')).succeeded).toBe(true);
    const requests: string[] = [];
    page.on('request', (request) => requests.push(new URL(request.url()).pathname + new URL(request.url()).search));
    const statsRequests = () => Promise.resolve(requests.filter((r) => r.includes('/webhook-stats')).length);

    await signIn(page, s);
    const rows = page.locator('tbody.webhook');
    await page.getByText('65 webhooks').waitFor();
    await eventually(() => rows.count(), 20);
    await first.getByText('1 succeeded, 0 failed, 0 pending').waitFor();
    expect(await page.getByRole('navigation', { name: 'Pages of webhooks' }).textContent()).toContain('1–20 of 65');
    const height = await page.evaluate(() => document.documentElement.scrollHeight);
    console.log(`page height with 20 of 65 webhooks at 1280×800: ${height} px`);
    expect(height).toBeLessThan(MAX_PAGE_HEIGHT);

    // Every page, and not one request per webhook: the one stats call covers them all.
    for (const where of ['21–40 of 65', '41–60 of 65', '61–65 of 65']) {
      await page.getByRole('button', { name: 'Next' }).click();
      await page.getByText(where).waitFor();
    }
    await eventually(() => rows.count(), 5);
    const longRow = webhookRow(page, longHook.url);
    // The long URL is cut to the column, the full value on hover.
    expect(await longRow.locator('.webhook__url').getAttribute('title')).toBe(longHook.url);
    expect(await longRow.locator('.webhook__url').evaluate((e) => e.scrollHeight > e.clientHeight || e.scrollWidth > e.clientWidth)).toBe(true);
    expect(await statsRequests()).toBe(1);
    expect(requests.filter((r) => r.includes('/deliveries'))).toEqual([]);

    await page.getByLabel('Find', { exact: true }).fill('ledger');
    await eventually(() => rows.count(), 1);
    expect(await rows.first().textContent()).toContain(off.url);
    await page.getByText('1 of 65 webhooks').waitFor();
    expect(await page.getByRole('navigation', { name: 'Pages of webhooks' }).count()).toBe(0);
    await page.getByLabel('Find', { exact: true }).fill('');
    await page.getByLabel('State').selectOption('disabled');
    await eventually(() => rows.count(), 1);
    await page.getByLabel('State').selectOption('failing');
    await page.getByText('No webhook matches.').waitFor();
    expect(describeViolations(await seriousViolations(page))).toBe('');
    await page.getByLabel('State').selectOption('');
    await eventually(() => rows.count(), 20);
    await saveViewScreenshot(page, 'webhooks-table');

    // On a phone the rows stack: nothing scrolls sideways, the URL is still cut with its full value on hover.
    await page.setViewportSize(PHONE);
    expect(await sidewaysOverflow(page)).toBe(0);
    expect(await first.locator('td.cell-actions').evaluate((e) => e.getBoundingClientRect().right <= window.innerWidth)).toBe(true);
    expect(describeViolations(await seriousViolations(page))).toBe('');
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.setViewportSize({ width: PHONE.width, height: PHONE.height });
    await saveViewScreenshot(page, 'phone-webhooks');
    expect(await statsRequests()).toBe(1);

    // The log's webhook filter is searchable too.
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto(`${s.api.origin}/ui/#/deliveries`);
    await page.getByLabel('Find a webhook').fill('list-off');
    await eventually(() => page.getByLabel('Webhook', { exact: true }).locator('option').allTextContents(), ['All webhooks', `payment_issued → ${off.url}`]);
    await page.getByLabel('Webhook', { exact: true }).selectOption(off.id);
    expect(page.url()).toContain(`webhookId=${off.id}`);
  });
});

