import { failing } from '../harness/project-fixture.js';
import { describe, expect } from '@jest/globals';
import { browserTest } from '../harness/browser-test.js';
import { useSuite } from '../harness/suite.js';
import { createWebhook, eventually, reportRegistration, sendTestEvent, signIn } from '../harness/ui-actions.js';

const suite = useSuite('Log search');

const API_DELIVERIES = (s: ReturnType<typeof suite>) => `${s.api.apiUrl}/v1/projects/${s.project.id}/deliveries`;

/** The deliveries of the project as the API lists them (newest first). */
async function deliveries(s: ReturnType<typeof suite>, query = ''): Promise<{ id: string; eventId: string; event: string; status: string }[]> {
  const response = await fetch(`${API_DELIVERIES(s)}?limit=100${query}`, { headers: { Authorization: `Bearer ${s.project.apiKey}` } });
  return ((await response.json()) as { items: { id: string; eventId: string; event: string; status: string }[] }).items;
}

describe('the delivery log', () => {
  browserTest('should say an empty log is empty, without blaming filters', suite, async (page, s) => {
    await signIn(page, s);
    await page.getByRole('link', { name: 'Deliveries' }).first().click();
    await page.getByText('No deliveries yet.', { exact: false }).waitFor();
    expect(await page.getByText('No deliveries match these filters.').count()).toBe(0);
    expect(await page.getByRole('link', { name: 'Clear filters' }).count()).toBe(0);
  });

  browserTest('should find one applicant’s event, a webhook-id and a delivery id, with the search kept in the address', suite, async (page, s) => {
    const hook = await createWebhook(s, { event: 'user_registered', url: s.receiver.url('/hooks/search') });
    await reportRegistration(s, { id: 'u-ada', username: 'ada@example.com' });
    await reportRegistration(s, { id: 4242, username: 'bob@example.com' });
    await sendTestEvent(s, hook.id);
    await eventually(async () => (await deliveries(s, '&status=succeeded')).length, 3, 20_000);
    const all = await deliveries(s);
    const ada = (await deliveries(s, '&applicant=u-ada'))[0];
    const bob = (await deliveries(s, '&applicant=4242'))[0];
    if (ada === undefined || bob === undefined) throw new Error('no delivery for ada or bob');

    await signIn(page, s);
    await page.getByRole('link', { name: 'Deliveries' }).first().click();
    const rows = page.locator('tbody tr');
    await eventually(() => rows.count(), all.length);

    // By username: one row, and the address holds the search, so a reload (or a shared link) shows the same.
    await page.getByLabel('Search', { exact: true }).fill('ada@example.com');
    await page.getByRole('button', { name: 'Search' }).click();
    await eventually(() => rows.first().getByRole('link').getAttribute('href'), `#/deliveries/${ada.id}`);
    await eventually(() => rows.count(), 1);
    expect(page.url()).toContain('search=ada%40example.com');
    await page.reload();
    await eventually(() => rows.count(), 1);
    expect(await page.getByLabel('Search', { exact: true }).inputValue()).toBe('ada@example.com');

    // A numeric user id, as the platform sent it.
    await page.getByLabel('Search', { exact: true }).fill('4242');
    await page.getByRole('button', { name: 'Search' }).click();
    await eventually(() => rows.first().getByRole('link').getAttribute('href'), `#/deliveries/${bob.id}`);
    await eventually(() => rows.count(), 1);

    // The webhook-id a receiver saw.
    await page.getByLabel('Search', { exact: true }).fill(ada.eventId);
    await page.getByRole('button', { name: 'Search' }).click();
    await eventually(() => rows.first().getByRole('link').getAttribute('href'), `#/deliveries/${ada.id}`);
    await eventually(() => rows.count(), 1);

    // A delivery id opens the delivery.
    await page.getByLabel('Search', { exact: true }).fill(ada.id);
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByRole('heading', { level: 1, name: 'Delivery' }).waitFor();
    await page.getByText(ada.eventId, { exact: true }).first().waitFor();
    expect(page.url()).toContain(`#/deliveries/${ada.id}`);
  });

  browserTest('should filter by response class and creation time, kept in the address, and clear them', suite, async (page, s) => {
    const hook = await createWebhook(s, { event: 'login_success', url: s.receiver.url('/hooks/classes') });
    failing(s.receiver, true);
    try {
      await sendTestEvent(s, hook.id);
    } finally {
      failing(s.receiver, false);
    }
    await sendTestEvent(s, hook.id);
    await signIn(page, s);
    await page.goto(`${s.api.origin}/ui/#/deliveries?webhookId=${hook.id}`);
    const rows = page.locator('tbody tr');
    await eventually(() => rows.count(), 2);

    await page.getByLabel('Response').selectOption('5xx');
    await eventually(() => rows.locator('td:first-child').allTextContents(), ['failed']);
    expect(page.url()).toContain('responseClass=5xx');
    await page.getByLabel('Response').selectOption('2xx');
    await eventually(() => rows.locator('td:first-child').allTextContents(), ['succeeded']);
    await page.getByLabel('Response').selectOption('');

    // Created before a minute ago: none of them.
    const past = new Date(Date.now() - 60_000);
    const local = new Date(past.getTime() - past.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
    await page.getByLabel('Created before').fill(local);
    await page.getByLabel('Created before').dispatchEvent('change');
    await page.getByText('No deliveries match these filters.').waitFor();
    expect(decodeURIComponent(page.url())).toContain(`to=${new Date(local).toISOString()}`);
    await page.getByLabel('Created from').fill(local);
    await page.getByLabel('Created from').dispatchEvent('change');
    await page.getByLabel('Created before').fill('');
    await page.getByLabel('Created before').dispatchEvent('change');
    await eventually(() => rows.count(), 2);

    await page.getByRole('link', { name: 'Clear filters' }).click();
    await eventually(() => page.getByLabel('Webhook').inputValue(), '');
    expect(page.url()).toMatch(/#\/deliveries$/);
  });
});
