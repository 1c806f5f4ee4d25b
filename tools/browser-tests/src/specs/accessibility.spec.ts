import { failing } from '../harness/project-fixture.js';
import { describe, expect } from '@jest/globals';
import type { Page } from 'playwright-core';
import { describeViolations, seriousViolations } from '../harness/axe.js';
import { browserTest } from '../harness/browser-test.js';
import { useSuite } from '../harness/suite.js';
import { PHONE, createWebhook, sendTestEvent, signIn, webhookRow } from '../harness/ui-actions.js';
import { saveViewScreenshot } from '../harness/view-screenshot.js';

const suite = useSuite('Accessibility');

/** Scans the page as it is with axe-core, fails on serious or critical violations, and saves a screenshot of the view. */
async function checkView(page: Page, name: string): Promise<void> {
  const violations = await seriousViolations(page);
  expect(describeViolations(violations)).toBe('');
  await saveViewScreenshot(page, name);
}

describe('every view', () => {
  browserTest('should have no axe-core violation of level serious or worse', suite, async (page, s) => {
    const ok = await createWebhook(s, { event: 'user_registered', url: s.receiver.url('/hooks/a11y-ok'), description: 'CRM sync' });
    const flaky = await createWebhook(s, { event: 'form_submit_reg-1', url: s.receiver.url('/hooks/a11y-flaky'), failurePolicy: 'closed' });
    for (let i = 0; i < 4; i += 1) await sendTestEvent(s, ok.id);
    // A notify webhook whose failed test send is resent below (an interactive webhook's records are never resent).
    const retried = await createWebhook(s, { event: 'login_success', url: s.receiver.url('/hooks/a11y-retried') });
    failing(s.receiver, true);
    let failedDelivery = '';
    try {
      await sendTestEvent(s, flaky.id);
      failedDelivery = (await sendTestEvent(s, retried.id)).deliveryId;
    } finally {
      failing(s.receiver, false);
    }
    await sendTestEvent(s, flaky.id);

    await page.goto(`${s.api.origin}/ui/`);
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    await checkView(page, 'sign-in');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText('Enter the project id.').waitFor();
    await checkView(page, 'sign-in-errors');

    await signIn(page, s);
    await webhookRow(page, flaky.url).getByText('1 succeeded, 1 failed, 0 pending').waitFor();
    await webhookRow(page, ok.url).getByRole('button', { name: 'Send test event' }).click();
    await webhookRow(page, ok.url).getByText('Succeeded: HTTP 200').waitFor();
    await checkView(page, 'webhooks');

    await webhookRow(page, ok.url).getByRole('button', { name: 'Delete' }).click();
    await page.getByRole('dialog').waitFor();
    await checkView(page, 'delete-confirmation');
    await page.getByRole('button', { name: 'Cancel' }).click();

    await page.getByRole('link', { name: 'Add webhook' }).click();
    await page.getByLabel('Event').selectOption('form_submit_{form}');
    await page.getByLabel('URL').fill('ftp://example.com/hook');
    await page.getByLabel('Timeout in milliseconds (optional)').fill('50');
    await page.getByRole('button', { name: 'Add webhook' }).click();
    await page.locator('#webhook-timeout-error').waitFor();
    await page.getByLabel('Timeout in milliseconds (optional)').fill('');
    await page.getByRole('button', { name: 'Add webhook' }).click();
    await page.locator('#webhook-url-error').waitFor();
    await page.locator('#webhook-form-error').waitFor();
    await checkView(page, 'add-webhook-errors');

    await page.getByLabel('Form', { exact: true }).selectOption('medical');
    await page.getByLabel('URL').fill(s.receiver.url('/hooks/a11y-new'));
    await page.getByRole('button', { name: 'Add webhook' }).click();
    await page.getByRole('heading', { level: 1, name: 'Webhook added' }).waitFor();
    await checkView(page, 'secret-once');

    await page.getByRole('link', { name: 'Deliveries', exact: true }).click();
    await page.locator('tbody tr').first().waitFor();
    await checkView(page, 'deliveries');

    await page.goto(`${s.api.origin}/ui/#/deliveries/${failedDelivery}`);
    await page.getByRole('heading', { level: 2, name: 'Attempts' }).waitFor();
    await page.getByRole('button', { name: 'Resend' }).click();
    await page.getByText('Resent: the new attempt succeeded.').waitFor({ timeout: 30_000 });
    await checkView(page, 'delivery');

    const bulk = await createWebhook(s, { event: 'payment_refunded', url: s.receiver.url('/hooks/a11y-bulk') });
    failing(s.receiver, true);
    try {
      await sendTestEvent(s, bulk.id);
      await sendTestEvent(s, bulk.id);
    } finally {
      failing(s.receiver, false);
    }
    await page.goto(`${s.api.origin}/ui/#/deliveries?webhookId=${bulk.id}&status=failed&responseClass=5xx`);
    await page.locator('tbody tr').nth(1).waitFor();
    await checkView(page, 'deliveries-filtered');
    await page.getByRole('button', { name: 'Resend failed…' }).click();
    await page.getByRole('dialog', { name: 'Resend 2 failed deliveries?' }).waitFor();
    await checkView(page, 'deliveries-resend-confirmation');
    await page.getByRole('button', { name: 'Resend 2' }).click();
    await page.getByText('Resent 2 failed deliveries: 2 of 2 sent, 0 failed again, 0 pending.').waitFor({ timeout: 30_000 });
    await checkView(page, 'deliveries-resend');

    // One failed attempt as evidence, request and response open.
    const evidence = await createWebhook(s, { event: 'user_registered', url: s.receiver.url('/hooks/a11y-evidence') });
    failing(s.receiver, true);
    let evidenceDelivery = '';
    try {
      evidenceDelivery = (await sendTestEvent(s, evidence.id)).deliveryId;
    } finally {
      failing(s.receiver, false);
    }
    await page.goto(`${s.api.origin}/ui/#/deliveries/${evidenceDelivery}`);
    await page.getByText('Request: headers and body as sent').click();
    await page.getByRole('table', { name: 'Request headers' }).waitFor();
    await checkView(page, 'delivery-evidence');

    // The phone width: the log and one delivery.
    await page.setViewportSize(PHONE);
    await page.reload();
    await page.getByRole('table', { name: 'Response headers' }).waitFor();
    await checkView(page, 'phone-delivery');
    await page.goto(`${s.api.origin}/ui/#/deliveries`);
    await page.locator('tbody tr').first().waitFor();
    await checkView(page, 'phone-deliveries');
    // A walk through every view, each scanned: minutes when the machine is busy, not the file's 90 s.
  }, 300_000);
});

describe('the keyboard', () => {
  browserTest('should reach and work every part of signing in and the tabs', suite, async (page, s) => {
    await page.goto(`${s.api.origin}/ui/`);
    await page.getByLabel('Project id').waitFor();
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('sign-in-project');
    await page.keyboard.type(s.project.id);
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('sign-in-key');
    await page.keyboard.type(s.project.apiKey);
    await page.keyboard.press('Enter');
    // The sign-in form's own heading says "Webhooks" too: wait for the signed-in frame.
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
    await page.getByRole('heading', { level: 1, name: 'Webhooks' }).waitFor();

    // After signing in, the focus is on the view's heading; the frame's controls come before it.
    const focused = () => page.evaluate(() => document.activeElement?.textContent?.trim() ?? '');
    // The view moves the focus once it has rendered: wait for that (bounded), then assert.
    await page.waitForFunction(() => document.activeElement?.textContent?.trim() === 'Webhooks', undefined, { timeout: 5_000 }).catch(() => undefined);
    expect(await focused()).toBe('Webhooks');
    await page.keyboard.press('Tab');
    expect(await focused()).toBe('Add webhook');
    // From the top of a freshly loaded page (still signed in: the session is the tab's).
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Webhooks' }).waitFor();
    const order: string[] = [];
    for (let i = 0; i < 5; i += 1) {
      await page.keyboard.press('Tab');
      order.push(await focused());
    }
    expect(order).toEqual(['Skip to content', 'Webhooks', 'Deliveries', 'Sign out', 'Add webhook']);
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Shift+Tab');
    expect(await focused()).toBe('Deliveries');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Deliveries' }).waitFor();
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('H1');
  });
});
