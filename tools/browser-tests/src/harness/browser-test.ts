import { it } from '@jest/globals';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import type { Suite } from './suite.js';

/** `tools/browser-tests/`. */
export const TOOL_DIR = fileURLToPath(new URL('../../', import.meta.url));
/** Where a failing test leaves its screenshot (not committed). */
export const FAILURE_DIR = join(TOOL_DIR, 'test-output');

function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 80);
}

/**
 * A test in a fresh tab (so a fresh sessionStorage). Every request the page makes must stay on
 * the api's origin; when the test fails, a full-page screenshot is saved to `test-output/`.
 */
export function browserTest(name: string, suite: () => Suite, body: (page: Page, suite: Suite) => Promise<void>, timeout?: number): void {
  it(
    name,
    async () => {
      const s = suite();
      const page = await s.browser.context.newPage();
      const foreign: string[] = [];
      page.on('request', (request) => {
        const url = request.url();
        if (!url.startsWith(`${s.api.origin}/`) && !url.startsWith('data:') && !url.startsWith('about:')) foreign.push(url);
      });
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(error.message));
      try {
        await body(page, s);
        if (foreign.length > 0) throw new Error(`requests left the machine: ${foreign.join(', ')}`);
        if (errors.length > 0) throw new Error(`the page threw: ${errors.join('; ')}`);
      } catch (error) {
        await mkdir(FAILURE_DIR, { recursive: true });
        const path = join(FAILURE_DIR, `${slug(name)}.png`);
        await page.screenshot({ path, fullPage: true }).catch(() => undefined);
        if (error instanceof Error) error.message = `${error.message}\n(screenshot: ${path})`;
        throw error;
      } finally {
        await page.close();
      }
    },
    timeout,
  );
}
