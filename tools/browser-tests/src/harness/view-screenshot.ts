import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { FAILURE_DIR, TOOL_DIR } from './browser-test.js';

/** Where the committed screenshots live: beside the web-ui README that shows them. */
const SCREENSHOTS_DIR = join(TOOL_DIR, '..', '..', 'packages', 'web-ui', 'screenshots');

/**
 * Saves a screenshot of a view: into `packages/web-ui/screenshots/` (committed, shown in its README) when
 * UPDATE_SCREENSHOTS=1, otherwise into `test-output/views/`, so an ordinary run leaves the
 * committed pictures alone.
 */
export async function saveViewScreenshot(page: Page, name: string): Promise<string> {
  const dir = process.env['UPDATE_SCREENSHOTS'] === '1' ? SCREENSHOTS_DIR : join(FAILURE_DIR, 'views');
  await mkdir(dir, { recursive: true });
  const path = join(dir, `${name}.png`);
  await page.screenshot({ path, fullPage: true, animations: 'disabled', caret: 'hide' });
  return path;
}
