import { describe, expect } from '@jest/globals';
import { describeViolations, seriousViolations } from '../harness/axe.js';
import { browserTest } from '../harness/browser-test.js';
import { FAILURE_BODY, failing } from '../harness/project-fixture.js';
import { useSuite } from '../harness/suite.js';
import { createWebhook, eventually, sendTestEvent, signIn, webhookRow } from '../harness/ui-actions.js';

const suite = useSuite('Deliveries view');

describe('the Deliveries view', () => {
  describe('when the receiver fails', () => {
    browserTest('should show the failed attempt with its status, duration and response excerpt, and resend it', suite, async (page, s) => {
      const hook = await createWebhook(s, { event: 'user_registered', url: s.receiver.url('/hooks/flaky') });
      failing(s.receiver, true);
      try {
        await signIn(page, s);
        const card = webhookRow(page, hook.url);
        await card.getByRole('button', { name: 'Send test event' }).click();
        await card.getByText('Failed: HTTP 500').waitFor();
        await card.getByText(FAILURE_BODY).waitFor();
      } finally {
        failing(s.receiver, false);
      }

      await page.getByRole('link', { name: 'Deliveries' }).first().click();
      await page.getByRole('heading', { level: 1, name: 'Deliveries' }).waitFor();
      await page.getByLabel('Webhook').selectOption(hook.id);
      await page.getByLabel('Status').selectOption('failed');
      const rows = page.locator('tbody tr');
      await eventually(() => rows.count(), 1);
      expect(await rows.first().textContent()).toContain('failed');
      await rows.first().getByRole('link').click();

      await page.getByRole('heading', { level: 1, name: 'Delivery' }).waitFor();
      const attempts = page.locator('.evidence');
      const first = attempts.first();
      expect(await first.getByRole('heading', { level: 3 }).textContent()).toBe('Failed: HTTP 500 (attempt 1)');
      expect(await first.locator('dd').nth(1).textContent()).toMatch(/^\d+ ms$|^\d+\.\d s$/);
      expect(await first.getByLabel('response body', { exact: true }).textContent()).toBe(FAILURE_BODY);

      const resend = page.getByRole('button', { name: 'Resend' });
      await resend.click();
      await page.getByText('Resent: the new attempt succeeded.').waitFor({ timeout: 30_000 });
      // The result is announced beside the button, and the focus is back on it.
      expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Resend');
      await attempts.nth(1).waitFor();
      expect(await attempts.nth(1).getByRole('heading', { level: 3 }).textContent()).toBe('Succeeded: HTTP 200 (attempt 2)');
      expect(s.receiver.received.filter((r) => r.path === '/hooks/flaky').map((r) => r.answered)).toEqual([500, 200]);
    });
  });

  describe('when the resend rules refuse a resend', () => {
    browserTest('should mark it before it is clicked: the Resend button disabled, the reason beside it, nothing sent', suite, async (page, s) => {
      // A test send of an interactive webhook is logged like its calls: not a delivery, never resent.
      const hook = await createWebhook(s, { event: 'form_submit_medical', url: s.receiver.url('/hooks/interactive') });
      failing(s.receiver, true);
      let sent: { succeeded: boolean; deliveryId: string };
      try {
        sent = await sendTestEvent(s, hook.id);
      } finally {
        failing(s.receiver, false);
      }
      expect(sent.succeeded).toBe(false);
      await signIn(page, s);
      await page.goto(`${s.api.origin}/ui/#/deliveries/${sent.deliveryId}`);
      await page.getByRole('heading', { level: 1, name: 'Delivery' }).waitFor();
      // Marked before it is clicked: the button is disabled, the API's reason beside it (and describing it).
      const resend = page.getByRole('button', { name: 'Resend' });
      expect(await resend.isDisabled()).toBe(true);
      const why = page.locator('#resend-refused');
      expect(await why.textContent()).toContain('Cannot be resent: form_submit_medical is an interactive event');
      expect(await resend.getAttribute('aria-describedby')).toBe('resend-refused');
      expect(describeViolations(await seriousViolations(page))).toBe('');
      // Nothing beyond the test send itself (which, on a loaded machine, may time out before it arrives).
      expect(s.receiver.received.filter((r) => r.path === '/hooks/interactive').length).toBeLessThanOrEqual(1);
    });
  });

  describe('resending the failed deliveries the filters show', () => {
    browserTest('should count them through the API first, ask to confirm, then resend only those in one call', suite, async (page, s) => {
      const hook = await createWebhook(s, { event: 'status_update', url: s.receiver.url('/hooks/bulk') });
      const other = await createWebhook(s, { event: 'tag_update', url: s.receiver.url('/hooks/bulk-other') });
      failing(s.receiver, true);
      try {
        for (let i = 0; i < 3; i += 1) expect((await sendTestEvent(s, hook.id)).succeeded).toBe(false);
        expect((await sendTestEvent(s, other.id)).succeeded).toBe(false);
      } finally {
        failing(s.receiver, false);
      }
      await signIn(page, s);
      const bulk: string[] = [];
      page.on('request', (request) => {
        if (request.url().includes('/deliveries/') && request.url().includes('resend')) bulk.push(`${new URL(request.url()).pathname} ${request.postData() ?? ''}`);
      });
      await page.goto(`${s.api.origin}/ui/#/deliveries?webhookId=${hook.id}`);
      await page.getByRole('heading', { level: 1, name: 'Deliveries' }).waitFor();
      const start = page.getByRole('button', { name: 'Resend failed…' });
      await start.click();
      const dialog = page.getByRole('dialog', { name: 'Resend 3 failed deliveries?' });
      await dialog.waitFor();
      // Cancel sends nothing and gives the focus back to the button.
      await dialog.getByRole('button', { name: 'Cancel' }).click();
      expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Resend failed…');
      await start.click();
      await dialog.getByRole('button', { name: 'Resend 3' }).click();
      await page.getByText('Resent 3 failed deliveries: 3 of 3 sent, 0 failed again, 0 pending.').waitFor({ timeout: 30_000 });
      await eventually(() => page.evaluate(() => document.activeElement?.textContent), 'Resend failed…');
      // The API's bulk resend with the log's filters: two dry runs (one cancelled), then one resend — never one call per delivery.
      const path = `/v1/projects/${s.project.id}/deliveries/resend-failed`;
      // No start: the whole log's failures the filters match.
      const body = (dryRun: boolean) => `${path} ${JSON.stringify({ webhookId: hook.id, dryRun })}`;
      expect(bulk).toEqual([body(true), body(true), body(false)]);
      await eventually(() => Promise.resolve(s.receiver.received.filter((r) => r.path === '/hooks/bulk').map((r) => r.answered)), [500, 500, 500, 200, 200, 200], 30_000);
      expect(s.receiver.received.filter((r) => r.path === '/hooks/bulk-other').map((r) => r.answered)).toEqual([500]);
    });

    browserTest('should count what the resend rules refuse as skipped, by reason', suite, async (page, s) => {
      const interactive = await createWebhook(s, { event: 'form_submit_reg-1', url: s.receiver.url('/hooks/bulk-interactive') });
      failing(s.receiver, true);
      try {
        await sendTestEvent(s, interactive.id);
      } finally {
        failing(s.receiver, false);
      }
      await signIn(page, s);
      await page.goto(`${s.api.origin}/ui/#/deliveries?webhookId=${interactive.id}`);
      await page.getByRole('button', { name: 'Resend failed…' }).click();
      // Counted before anything starts: nothing to resend, and why — no dialog.
      await page.getByText('No failed delivery to resend matches the filters. 1 not resent (the resend rules refuse them): 1 interactive call.').waitFor();
      expect(await page.getByRole('dialog').count()).toBe(0);
      expect(s.receiver.received.filter((r) => r.path === '/hooks/bulk-interactive')).toHaveLength(1);
    });
  });

  describe('when the address cannot be read (a malformed percent-encoding)', () => {
    browserTest('should show the not-found view, loaded so or reached by a hash change, and lead back', suite, async (page, s) => {
      await signIn(page, s);
      // Reached from a working page: the hash changes under it.
      await page.evaluate(() => {
        location.hash = '#/deliveries/%E0';
      });
      await page.getByRole('heading', { level: 1, name: 'Page not found' }).waitFor();
      expect(await page.locator('main').textContent()).toContain('#/deliveries/%E0');
      expect(await page.title()).toBe('Page not found — Webhooks admin');
      expect(describeViolations(await seriousViolations(page))).toBe('');

      // Loaded so, as from a pasted link.
      await page.goto(`${s.api.origin}/ui/#/webhooks/%/edit`);
      await page.getByRole('heading', { level: 1, name: 'Page not found' }).waitFor();
      await page.getByRole('link', { name: 'deliveries', exact: true }).click();
      await page.getByRole('heading', { level: 1, name: 'Deliveries' }).waitFor();
    });
  });

  describe('filtering', () => {
    browserTest('should filter by webhook, event and status', suite, async (page, s) => {
      const a = await createWebhook(s, { event: 'login_success', url: s.receiver.url('/hooks/filter-a') });
      const b = await createWebhook(s, { event: 'payment_issued', url: s.receiver.url('/hooks/filter-b') });
      await sendTestEvent(s, a.id);
      await sendTestEvent(s, b.id);
      await signIn(page, s);
      await page.getByRole('link', { name: 'Deliveries' }).first().click();
      await page.getByLabel('Event').selectOption('payment_issued');
      const events = () => page.locator('tbody td:nth-child(2)').allTextContents();
      await eventually(events, ['payment_issued']);
      await page.getByLabel('Status').selectOption('failed');
      await page.getByText('No deliveries match these filters.').waitFor();
      await page.getByLabel('Status').selectOption('succeeded');
      await page.getByLabel('Event').selectOption('');
      await page.getByLabel('Webhook').selectOption(a.id);
      await eventually(events, ['login_success']);
    });
  });
});
