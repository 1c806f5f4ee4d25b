import type { WebhookFixture } from '@webhooks/test-kit';
import { createWebhook as createKitWebhook, expectStatus } from '@webhooks/test-kit';
import { expect } from '@jest/globals';
import type { Page } from 'playwright-core';
import type { Suite } from './suite.js';

/** Opens the page and signs in through its form with the fixture project's id and API key. */
export async function signIn(page: Page, suite: Suite): Promise<void> {
  await page.goto(`${suite.api.origin}/ui/`);
  await page.getByLabel('Project id').fill(suite.project.id);
  await page.getByLabel('API key').fill(suite.project.apiKey);
  await page.getByRole('button', { name: 'Sign in' }).click();
  // The sign-in form's own heading says "Webhooks" too: wait for the signed-in frame.
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
  await page.getByRole('heading', { level: 1, name: 'Webhooks' }).waitFor();
}

/** A webhook created straight through the API, for tests about something else. */
export function createWebhook(suite: Suite, input: { readonly event: string; readonly url: string } & Record<string, unknown>): Promise<WebhookFixture> {
  const { event, url, ...extra } = input;
  return createKitWebhook(suite.project, event, url, extra);
}

/** Sends a test event of a webhook straight through the API. */
export async function sendTestEvent(suite: Suite, webhookId: string): Promise<{ succeeded: boolean; deliveryId: string }> {
  return expectStatus(await suite.project.admin.post<{ succeeded: boolean; deliveryId: string }>(`${suite.project.base}/webhooks/${webhookId}/test`), 200, 'test event');
}

/** The rows of one webhook in the table (its row group: the row, and the notes below it), found by its URL. */
export function webhookRow(page: Page, url: string) {
  return page.locator('tbody.webhook').filter({ has: page.getByRole('rowheader').getByText(url, { exact: true }) });
}

/**
 * Polls `read` until it answers `expected` (deep equality), for what the page shows after it has
 * fetched: fails with the last answer after `timeoutMs`.
 */
export async function eventually<T>(read: () => Promise<T>, expected: T, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last: T = await read();
  while (JSON.stringify(last) !== JSON.stringify(expected) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    last = await read();
  }
  expect(last).toEqual(expected);
}

/** Reports a registration as the platform does (`POST …/activities`): its webhooks get one event each. */
export async function reportRegistration(suite: Suite, user: { readonly id: string | number; readonly username: string }): Promise<void> {
  const response = await fetch(`${suite.api.apiUrl}/v1/projects/${suite.project.id}/activities`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${suite.project.platformKey}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ id: `reg-${String(user.id)}`, type: 'registered', origin: 'applicant', occurredAt: new Date().toISOString(), user }),
  });
  expect(response.status).toBe(202);
}

/** The phone size the layout tests use (an iPhone 12–15 in CSS pixels). */
export const PHONE = { width: 390, height: 844 } as const;

/** How far the page scrolls sideways: 0 when everything fits the viewport's width. */
export function sidewaysOverflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}
