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

/** The card of one webhook in the list, found by its URL. */
export function webhookCard(page: Page, url: string) {
  return page.getByRole('article').filter({ hasText: url });
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
