import { failing } from '../harness/project-fixture.js';
import { describe, expect } from '@jest/globals';
import { browserTest } from '../harness/browser-test.js';
import { useSuite } from '../harness/suite.js';
import { createWebhook, eventually, reportRegistration, signIn, webhookRow } from '../harness/ui-actions.js';

// Retries come quickly here: 0 ms before the first attempt, 1.5 s before the second.
const suite = useSuite('Webhook health', { RETRY_SCHEDULE_MS: '0,1500' });

describe('the 24-hour health of a webhook', () => {
  browserTest('should count the deliveries and the attempts that failed before a delivery succeeded', suite, async (page, s) => {
    const hook = await createWebhook(s, { event: 'user_registered', url: s.receiver.url('/hooks/health') });
    const quiet = await createWebhook(s, { event: 'payment_issued', url: s.receiver.url('/hooks/quiet') });
    const got = () => Promise.resolve(s.receiver.received.filter((r) => r.path === '/hooks/health').map((r) => r.answered));
    failing(s.receiver, true);
    try {
      await reportRegistration(s, { id: 'u-health', username: 'health@example.com' });
      await eventually(got, [500], 10_000);
    } finally {
      failing(s.receiver, false);
    }
    await eventually(got, [500, 200], 15_000);

    await signIn(page, s);
    const health = webhookRow(page, hook.url).locator('td.cell-health');
    await health.getByText('1 succeeded, 0 failed, 0 pending').waitFor();
    expect(await health.textContent()).toBe('1 succeeded, 0 failed, 0 pending (100% succeeded)1 failed attempt; 1 delivery succeeded after 1 failed attempt');
    expect(await webhookRow(page, quiet.url).locator('td.cell-health').textContent()).toBe('No deliveries');
  });
});
