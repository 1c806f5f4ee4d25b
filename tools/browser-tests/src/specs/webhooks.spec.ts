import { describe, expect } from '@jest/globals';
import { browserTest } from '../harness/browser-test.js';
import { useSuite } from '../harness/suite.js';
import { createWebhook, eventually, sendTestEvent, signIn, webhookRow } from '../harness/ui-actions.js';

const suite = useSuite('Webhooks tab');

describe('the Webhooks tab', () => {
  describe('signing in', () => {
    browserTest('should refuse a wrong key beside its field, then sign in and keep the session in sessionStorage only', suite, async (page, s) => {
      await page.goto(`${s.api.origin}/ui/`);
      await page.getByLabel('Project id').fill(s.project.id);
      await page.getByLabel('API key').fill('not-the-key');
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByText('This API key is not accepted').waitFor();
      expect(await page.getByLabel('API key').getAttribute('aria-invalid')).toBe('true');

      await page.getByLabel('API key').fill(s.project.apiKey);
      await page.getByLabel('API key').press('Enter');
      // The sign-in form's own heading says "Webhooks" too: wait for the signed-in frame.
      await page.getByRole('button', { name: 'Sign out' }).waitFor();
      const stored = await page.evaluate(() => ({ session: sessionStorage.getItem('webhooks-ui.session'), local: localStorage.length, cookies: document.cookie }));
      expect(JSON.parse(stored.session ?? '{}')).toEqual({ projectId: s.project.id, apiKey: s.project.apiKey });
      expect(stored.local).toBe(0);
      expect(stored.cookies).toBe('');

      await page.reload();
      await page.getByRole('heading', { level: 1, name: 'Webhooks' }).waitFor();
      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.getByRole('button', { name: 'Sign in' }).waitFor();
      expect(await page.evaluate(() => sessionStorage.length)).toBe(0);
    });
  });

  describe('adding a webhook for a per-form event', () => {
    browserTest('should pick the form from the project’s forms, show the secret once and list the webhook', suite, async (page, s) => {
      const url = s.receiver.url('/hooks/per-form');
      await signIn(page, s);
      await page.getByRole('link', { name: 'Add webhook' }).click();
      await page.getByLabel('Event').selectOption('form_submit_{form}');
      const form = page.getByLabel('Form', { exact: true });
      expect(await form.evaluate((el) => el.tagName)).toBe('SELECT');
      expect((await form.locator('option').allTextContents()).sort()).toEqual(['Choose a form', 'Medical details (medical)', 'Registration (reg-1)']);
      await form.selectOption('reg-1');
      await page.getByLabel('URL').fill(url);
      await page.getByLabel('Description (optional)').fill('Registration checks');
      await page.getByLabel('Timeout in milliseconds (optional)').fill('2500');
      await page.getByLabel('Closed: the form stops with a generic message').check();
      await page.getByRole('button', { name: 'Add webhook' }).click();

      await page.getByRole('heading', { level: 1, name: 'Webhook added' }).waitFor();
      const secret = await page.getByRole('textbox', { name: 'Signing secret' }).inputValue();
      expect(secret).toMatch(/^whsec_/);
      await page.getByRole('button', { name: 'Copy secret' }).click();
      await page.getByText('Copied to the clipboard.').waitFor();
      expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(secret);

      await page.getByRole('button', { name: 'I have saved it' }).click();
      const card = webhookRow(page, url);
      await card.waitFor();
      expect(await card.locator('td.cell-event').textContent()).toBe('form_submit_reg-1');
      expect(await card.textContent()).not.toContain(secret);

      const listed = await fetch(`${s.api.apiUrl}/v1/projects/${s.project.id}/webhooks`, { headers: { Authorization: `Bearer ${s.project.apiKey}` } });
      const created = ((await listed.json()) as { items: { event: string; url: string; timeoutMs: number; failurePolicy: string; description: string }[] }).items.find((w) => w.url === url);
      expect(created).toMatchObject({ event: 'form_submit_reg-1', timeoutMs: 2500, failurePolicy: 'closed', description: 'Registration checks' });
    });

    browserTest('should take the form id in a text box when the API cannot list forms', suite, async (page, s) => {
      await page.route('**/v1/projects/*/forms', (route) =>
        route.fulfill({ status: 404, contentType: 'application/problem+json', body: JSON.stringify({ type: 'urn:webhooks:problem:not-found', title: 'Not Found', status: 404 }) }),
      );
      const url = s.receiver.url('/hooks/typed-form');
      await signIn(page, s);
      await page.getByRole('link', { name: 'Add webhook' }).click();
      await page.getByLabel('Event').selectOption('form_viewed_{form}');
      const formId = page.getByLabel('Form id');
      expect(await formId.evaluate((el) => el.tagName)).toBe('INPUT');
      await formId.fill('medical');
      await page.getByLabel('URL').fill(url);
      await page.getByRole('button', { name: 'Add webhook' }).click();
      await page.getByRole('heading', { level: 1, name: 'Webhook added' }).waitFor();
      await page.getByRole('link', { name: 'Back to webhooks' }).click();
      expect(await webhookRow(page, url).locator('td.cell-event').textContent()).toBe('form_viewed_medical');
    });
  });

  describe('when the API refuses the webhook', () => {
    browserTest('should show the API’s own message beside the URL, and a conflict there too', suite, async (page, s) => {
      const body = { event: 'user_registered', url: 'ftp://example.com/hook' };
      const direct = await fetch(`${s.api.apiUrl}/v1/projects/${s.project.id}/webhooks`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${s.project.apiKey}`, 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      });
      const problem = (await direct.json()) as { errors: { path: string; message: string }[] };
      const apiMessage = problem.errors.find((e) => e.path === 'url')?.message;
      expect(apiMessage).toBeDefined();

      await signIn(page, s);
      await page.getByRole('link', { name: 'Add webhook' }).click();
      await page.getByLabel('Event').selectOption(body.event);
      await page.getByLabel('URL').fill(body.url);
      await page.getByRole('button', { name: 'Add webhook' }).click();
      const urlField = page.getByLabel('URL');
      await page.locator('#webhook-url-error').waitFor();
      expect(await page.locator('#webhook-url-error').textContent()).toBe(apiMessage);
      expect(await urlField.getAttribute('aria-invalid')).toBe('true');
      expect(await urlField.getAttribute('aria-describedby')).toContain('webhook-url-error');
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('webhook-url');

      const taken = await createWebhook(s, { event: 'login_success', url: s.receiver.url('/hooks/taken') });
      await urlField.fill(taken.url);
      await page.getByRole('button', { name: 'Add webhook' }).click();
      await page.locator('#webhook-url-error').filter({ hasText: 'already serves event login_success' }).waitFor();
    });
  });

  describe('acting on a webhook', () => {
    browserTest('should send a test event to a real receiver and show the successful attempt inline', suite, async (page, s) => {
      const hook = await createWebhook(s, { event: 'payment_event', url: s.receiver.url('/hooks/test-ok') });
      await signIn(page, s);
      const card = webhookRow(page, hook.url);
      // From the keyboard: the focus comes back to the button, the result is announced below it.
      await card.getByRole('button', { name: 'Send test event' }).focus();
      await page.keyboard.press('Enter');
      await card.getByText('Succeeded: HTTP 200').waitFor();
      await eventually(() => page.evaluate(() => document.activeElement?.textContent), 'Send test event');
      expect(await card.locator('.webhook__result td').getAttribute('aria-live')).toBe('polite');
      const got = s.receiver.received.filter((r) => r.path === '/hooks/test-ok');
      expect(got).toHaveLength(1);
      expect(got[0]?.headers['webhook-signature']).toMatch(/^v1,/);
      expect(JSON.parse(got[0]?.body ?? '{}')).toMatchObject({ test: true });
      await card.getByText('1 succeeded, 0 failed, 0 pending').waitFor();
    });

    browserTest('should disable and enable, rotate the secret and delete only after confirmation', suite, async (page, s) => {
      const hook = await createWebhook(s, { event: 'tag_update', url: s.receiver.url('/hooks/lifecycle') });
      await signIn(page, s);
      const card = webhookRow(page, hook.url);
      await card.getByRole('button', { name: 'Disable' }).click();
      await card.getByText('Disabled', { exact: true }).waitFor();
      await card.getByRole('button', { name: 'Enable' }).click();
      await card.getByText('Enabled', { exact: true }).waitFor();

      await card.getByRole('button', { name: 'Rotate secret' }).click();
      await page.getByRole('dialog', { name: 'Rotate the signing secret?' }).getByRole('button', { name: 'Rotate secret' }).click();
      const rotated = await card.getByRole('textbox', { name: 'Signing secret' }).inputValue();
      expect(rotated).toMatch(/^whsec_/);
      expect(rotated).not.toBe(hook.secret);

      await page.getByText('The old secret keeps signing until').waitFor();
      expect(await page.getByText('The old secret keeps signing until').textContent()).toContain('(1 day)');
      await card.getByText('Verify signatures in your receiver').click();
      expect(await card.getByLabel('Verify in Node.js').textContent()).toContain("import { Webhook } from 'standardwebhooks'");
      await card.getByRole('button', { name: 'I have saved it' }).click();
      await card.getByRole('button', { name: 'Delete' }).click();
      const dialog = page.getByRole('dialog', { name: 'Delete this webhook?' });
      await dialog.waitFor();
      expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Cancel');
      await page.keyboard.press('Escape');
      await dialog.waitFor({ state: 'detached' });
      expect(await card.count()).toBe(1);
      await card.getByRole('button', { name: 'Delete' }).click();
      await dialog.getByRole('button', { name: 'Delete webhook' }).click();
      await page.getByText(`Deleted the webhook of tag_update → ${hook.url}.`).waitFor();
      await card.waitFor({ state: 'detached' });
    });

    browserTest('should rotate with the grace asked for: the old secret signs on for an hour, or stops at once', suite, async (page, s) => {
      const hook = await createWebhook(s, { event: 'tag_update', url: s.receiver.url('/hooks/grace') });
      await signIn(page, s);
      const card = webhookRow(page, hook.url);
      const signatures = () => (s.receiver.received.filter((r) => r.path === '/hooks/grace').at(-1)?.headers['webhook-signature'] as string).split(' ');
      const rotate = async (grace: string) => {
        await card.getByRole('button', { name: 'Rotate secret' }).click();
        const dialog = page.getByRole('dialog', { name: 'Rotate the signing secret?' });
        await dialog.getByLabel('The old secret keeps signing').selectOption({ label: grace });
        await dialog.getByRole('button', { name: 'Rotate secret' }).click();
        await card.getByRole('textbox', { name: 'Signing secret' }).waitFor();
      };
      await rotate('1 hour');
      await card.getByText('(1 hour).').waitFor();
      expect((await sendTestEvent(s, hook.id)).succeeded).toBe(true);
      expect(signatures()).toHaveLength(2);
      await card.getByRole('button', { name: 'I have saved it' }).click();
      await rotate('not at all: it stops now');
      await card.getByText('The old secret no longer signs.').waitFor();
      expect((await sendTestEvent(s, hook.id)).succeeded).toBe(true);
      expect(signatures()).toHaveLength(1);
    });

    browserTest('should edit a webhook, reading its per-form event back into the pickers', suite, async (page, s) => {
      const hook = await createWebhook(s, { event: 'form_preprocess_medical', url: s.receiver.url('/hooks/edit-me') });
      await signIn(page, s);
      await webhookRow(page, hook.url).getByRole('link', { name: 'Edit' }).click();
      await page.getByRole('heading', { level: 1, name: 'Edit webhook' }).waitFor();
      expect(await page.getByLabel('Event').inputValue()).toBe('form_preprocess_{form}');
      expect(await page.getByLabel('Form', { exact: true }).inputValue()).toBe('medical');
      await page.getByLabel('Form', { exact: true }).selectOption('reg-1');
      await page.getByRole('button', { name: 'Save changes' }).click();
      await page.getByRole('heading', { level: 1, name: 'Webhooks' }).waitFor();
      expect(await webhookRow(page, hook.url).locator('td.cell-event').textContent()).toBe('form_preprocess_reg-1');
    });
  });
});
