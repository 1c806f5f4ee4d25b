import { describe, expect } from '@jest/globals';
import { describeViolations, seriousViolations } from '../harness/axe.js';
import { browserTest } from '../harness/browser-test.js';
import { failing } from '../harness/project-fixture.js';
import { useSuite } from '../harness/suite.js';
import { PHONE, createWebhook, eventually, sendTestEvent, sidewaysOverflow, signIn } from '../harness/ui-actions.js';
import { saveViewScreenshot } from '../harness/view-screenshot.js';

// A short schedule: a resent delivery that keeps failing is failed after two attempts, 300 ms apart.
const suite = useSuite('Bulk resend progress', { RETRY_SCHEDULE_MS: '0,300' });

describe('a bulk resend, followed to its end', () => {
  browserTest('should show how many were sent, failed again and are pending until none is, the skips by reason, and link to those deliveries', suite, async (page, s) => {
    const ok = await createWebhook(s, { event: 'status_update', url: s.receiver.url('/progress/ok') });
    const broken = await createWebhook(s, { event: 'tag_update', url: s.receiver.url('/progress/broken') });
    const interactive = await createWebhook(s, { event: 'form_submit_reg-1', url: s.receiver.url('/progress/interactive') });
    failing(s.receiver, true);
    try {
      for (const hook of [ok, ok, broken]) expect((await sendTestEvent(s, hook.id)).succeeded).toBe(false);
      await sendTestEvent(s, interactive.id);
    } finally {
      failing(s.receiver, false);
    }
    // From now on the receiver answers one webhook and still fails the other.
    s.receiver.behave('/progress/broken', { kind: 'reply', status: 500, body: 'still broken' });

    await signIn(page, s);
    const sent: string[] = [];
    page.on('request', (request) => {
      const path = new URL(request.url()).pathname;
      if (path.endsWith('/deliveries/resend-failed')) sent.push(`resend ${request.postData() ?? ''}`);
      if (path.endsWith('/deliveries/counts')) sent.push(`counts ${new URL(request.url()).search}`);
    });
    await page.goto(`${s.api.origin}/ui/#/deliveries`);
    await page.getByRole('heading', { level: 1, name: 'Deliveries' }).waitFor();
    await page.getByRole('button', { name: 'Resend failed…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Resend 3 failed deliveries?' });
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain('1 not resent (the resend rules refuse them): 1 interactive call.');
    await dialog.getByRole('button', { name: 'Resend 3' }).click();

    // The live region beside the button follows the resend to its end.
    const status = page.locator('.actions [role="status"]');
    await status.getByText('Resent 3 failed deliveries: 2 of 3 sent, 1 failed again, 0 pending.').waitFor({ timeout: 30_000 });
    expect(await status.textContent()).toBe('Resent 3 failed deliveries: 2 of 3 sent, 1 failed again, 0 pending. 1 not resent (the resend rules refuse them): 1 interactive call.');
    expect(await page.getByRole('progressbar', { name: 'Deliveries of this resend that got their outcome' }).getAttribute('value')).toBe('3');
    expect(describeViolations(await seriousViolations(page))).toBe('');
    await saveViewScreenshot(page, 'bulk-resend-progress');

    // No start was sent (the whole log), and the counts asked for that resend only, then stopped.
    const resends = sent.filter((line) => line.startsWith('resend'));
    expect(resends).toEqual(['resend {"dryRun":true}', 'resend {"dryRun":false}']);
    const counts = sent.filter((line) => line.startsWith('counts'));
    expect(counts.length).toBeGreaterThan(0);
    expect(new Set(counts).size).toBe(1);
    expect(counts[0]).toMatch(/^counts \?resentAt=\d{4}-\d\d-\d\dT[\d%A:.]+Z$/);
    const asked = counts.length;
    await page.waitForTimeout(2_500);
    expect(sent.filter((line) => line.startsWith('counts'))).toHaveLength(asked);
    expect(s.receiver.at('/progress/ok').map((r) => r.answered)).toEqual([500, 500, 200, 200]);
    expect(s.receiver.at('/progress/broken').map((r) => r.answered)).toEqual([500, 500, 500]);

    // The link shows just the deliveries of that resend, as they ended.
    await page.getByRole('link', { name: 'Show these deliveries' }).click();
    await page.getByText('Showing the deliveries the bulk resend of').waitFor();
    expect(page.url()).toMatch(/#\/deliveries\?resentAt=/);
    const statuses = () => page.locator('tbody tr td:first-child').allTextContents();
    await eventually(async () => (await statuses()).sort(), ['failed', 'succeeded', 'succeeded']);
    expect(describeViolations(await seriousViolations(page))).toBe('');
  });

  browserTest('should stop counting when the view is left before the resend ends', suite, async (page, s) => {
    const slow = await createWebhook(s, { event: 'payment_issued', url: s.receiver.url('/progress/slow'), timeoutMs: 10_000 });
    failing(s.receiver, true);
    try {
      expect((await sendTestEvent(s, slow.id)).succeeded).toBe(false);
    } finally {
      failing(s.receiver, false);
    }
    // The receiver holds its answer: the resent delivery stays pending.
    s.receiver.behave('/progress/slow', { kind: 'held', status: 200 });
    try {
      await signIn(page, s);
      let counted = 0;
      page.on('request', (request) => {
        if (new URL(request.url()).pathname.endsWith('/deliveries/counts')) counted += 1;
      });
      await page.goto(`${s.api.origin}/ui/#/deliveries?webhookId=${slow.id}`);
      await page.getByRole('button', { name: 'Resend failed…' }).click();
      await page.getByRole('dialog', { name: 'Resend 1 failed delivery?' }).getByRole('button', { name: 'Resend 1' }).click();
      await page.getByText('Resending 1 failed delivery: 0 of 1 sent, 0 failed again, 1 pending…').waitFor();
      await eventually(() => Promise.resolve(counted >= 2), true);
      await page.getByRole('link', { name: 'Webhooks' }).first().click();
      await page.getByRole('heading', { level: 1, name: 'Webhooks' }).waitFor();
      // At most one count already on its way when the view went.
      const left = counted;
      await page.waitForTimeout(2_500);
      expect(counted).toBeLessThanOrEqual(left + 1);
    } finally {
      s.receiver.release();
    }
  });
});

describe("the log's rows", () => {
  browserTest('should mark a delivery the resend rules refuse, with the reason, at desktop and phone width', suite, async (page, s) => {
    const interactive = await createWebhook(s, { event: 'form_submit_medical', url: s.receiver.url('/rows/interactive') });
    const notify = await createWebhook(s, { event: 'login_success', url: s.receiver.url('/rows/notify') });
    failing(s.receiver, true);
    try {
      await sendTestEvent(s, interactive.id);
      await sendTestEvent(s, notify.id);
    } finally {
      failing(s.receiver, false);
    }
    await signIn(page, s);
    for (const size of [null, PHONE]) {
      if (size) await page.setViewportSize(size);
      await page.goto(`${s.api.origin}/ui/#/deliveries?status=failed`);
      const refusedRow = page.locator('tbody tr').filter({ hasText: 'form_submit_medical' });
      const allowedRow = page.locator('tbody tr').filter({ hasText: 'login_success' });
      await refusedRow.waitFor();
      await allowedRow.waitFor();
      const note = refusedRow.locator('.resend-note');
      expect(await note.textContent()).toBe('Can’t resend: interactive call');
      expect(await note.isVisible()).toBe(true);
      expect(await note.getAttribute('title')).toContain('form_submit_medical is an interactive event');
      expect(await allowedRow.locator('.resend-note').count()).toBe(0);
      expect(await sidewaysOverflow(page)).toBe(0);
      expect(describeViolations(await seriousViolations(page))).toBe('');
      if (size) await saveViewScreenshot(page, 'deliveries-refused-resend-phone');
    }
  });
});
