import { describe, expect } from '@jest/globals';
import { describeViolations, seriousViolations } from '../harness/axe.js';
import { browserTest } from '../harness/browser-test.js';
import { useSuite } from '../harness/suite.js';
import { signIn } from '../harness/ui-actions.js';
import { saveViewScreenshot } from '../harness/view-screenshot.js';

const suite = useSuite('Event picker');

describe('the event picker', () => {
  browserTest('should list the events of the project’s system by topic with their sentence, and explain the chosen one', suite, async (page, s) => {
    await signIn(page, s);
    await page.getByRole('link', { name: 'Add webhook' }).click();
    const picker = page.getByLabel('Event');
    await picker.locator('option[value="user_registered"]').waitFor({ state: 'attached' });

    const groups = await picker.locator('optgroup').evaluateAll((list) => list.map((g) => g.getAttribute('label')));
    expect(groups).toEqual(['Account', 'Forms', 'Completion', 'Payments', 'Statuses and tags', 'Interactive (called while the user waits; your answer counts)']);
    expect(await picker.locator('optgroup[label="Account"] option[value="user_registered"]').textContent()).toBe(
      'user_registered — Fires the first time an applicant registers.',
    );
    // The fixture project is an individual one: a family-only event is not offered.
    expect(await picker.locator('option[value="child_complete"]').count()).toBe(0);
    expect(await picker.locator('option[value="user_complete"]').count()).toBe(1);

    // A notify event: its fields and a sample payload, nothing about answers.
    await picker.selectOption('payment_refunded');
    const about = page.getByRole('region', { name: 'About payment_refunded' });
    await about.waitFor();
    expect(await about.textContent()).toContain('payment_info');
    await about.getByText('Sample payload').click();
    const sample = JSON.parse((await about.getByLabel('Sample payload').textContent()) ?? '') as Record<string, unknown>;
    expect(sample).toMatchObject({ event: 'payment_refunded', project_id: s.project.id, test: true });
    expect(Object.keys(sample)).toEqual(expect.arrayContaining(['payment_info', 'cart_info', 'allocated_payments']));
    expect(await about.getByRole('table', { name: 'Answer fields' }).count()).toBe(0);

    // An interactive per-form event: the form by its name, and what the endpoint may answer.
    await picker.selectOption('form_preprocess_{form}');
    expect(await page.getByLabel('Form', { exact: true }).locator('option[value="medical"]').textContent()).toBe('Medical details (medical)');
    await page.getByLabel('Form', { exact: true }).selectOption('medical');
    const interactive = page.getByRole('region', { name: 'About form_preprocess_medical' });
    await interactive.waitFor();
    const answers = await interactive.getByRole('table', { name: 'Answer fields' }).getByRole('rowheader').allTextContents();
    expect(answers).toEqual(['msg', 'msg_type', 'jdoc', 'focus_on', 'redirect']);
    expect(JSON.parse((await interactive.getByLabel('Example answer').textContent()) ?? '')).toMatchObject({ msg_type: 'warning' });
    await interactive.getByText('Sample payload').click();
    expect(JSON.parse((await interactive.getByLabel('Sample payload').textContent()) ?? '')).toMatchObject({ event: 'form_preprocess_medical' });

    expect(describeViolations(await seriousViolations(page))).toBe('');
    await saveViewScreenshot(page, 'event-picker');
  });
});
