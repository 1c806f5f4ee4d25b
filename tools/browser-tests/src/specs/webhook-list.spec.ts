import { describe, expect } from '@jest/globals';
import { describeViolations, seriousViolations } from '../harness/axe.js';
import { browserTest } from '../harness/browser-test.js';
import { useSuite } from '../harness/suite.js';
import { PHONE, createWebhook, eventually, sidewaysOverflow, signIn } from '../harness/ui-actions.js';

const suite = useSuite('Webhook list');

describe('the webhook list', () => {
  browserTest('should show 20 at a time, find one by text or state, and read stats only for those shown', suite, async (page, s) => {
    for (let i = 0; i < 24; i += 1) await createWebhook(s, { event: 'user_registered', url: s.receiver.url(`/hooks/list-${String(i).padStart(2, '0')}`) });
    const off = await createWebhook(s, { event: 'payment_issued', url: s.receiver.url('/hooks/list-off'), description: 'Ledger export', enabled: false });
    const statsFor = new Set<string>();
    page.on('request', (request) => {
      const id = new URL(request.url()).searchParams.get('webhookId');
      if (id !== null && request.url().includes('/deliveries?')) statsFor.add(id);
    });

    await signIn(page, s);
    const cards = page.getByRole('article');
    await page.getByText('25 webhooks').waitFor();
    await eventually(() => cards.count(), 20);
    await eventually(() => Promise.resolve(statsFor.size), 20);
    await page.getByRole('button', { name: 'Show 5 more of 5' }).click();
    await eventually(() => cards.count(), 25);
    await eventually(() => Promise.resolve(statsFor.size), 25);

    await page.getByLabel('Find', { exact: true }).fill('ledger');
    await eventually(() => cards.count(), 1);
    expect(await cards.first().textContent()).toContain(off.url);
    await page.getByText('1 of 25 webhooks').waitFor();
    await page.getByLabel('Find', { exact: true }).fill('');
    await page.getByLabel('State').selectOption('disabled');
    await eventually(() => cards.count(), 1);
    await page.getByLabel('State').selectOption('failing');
    await page.getByText('No webhook matches.').waitFor();
    expect(describeViolations(await seriousViolations(page))).toBe('');

    // The log's webhook filter is searchable too.
    await page.goto(`${s.api.origin}/ui/#/deliveries`);
    await page.getByLabel('Find a webhook').fill('list-off');
    await eventually(() => page.getByLabel('Webhook', { exact: true }).locator('option').allTextContents(), ['All webhooks', `payment_issued → ${off.url}`]);
    await page.getByLabel('Webhook', { exact: true }).selectOption(off.id);
    expect(page.url()).toContain(`webhookId=${off.id}`);

    await page.goto(`${s.api.origin}/ui/#/webhooks`);
    await page.setViewportSize(PHONE);
    await eventually(() => cards.count(), 20);
    expect(await sidewaysOverflow(page)).toBe(0);
  });
});
