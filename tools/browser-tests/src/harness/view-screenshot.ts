import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { FAILURE_DIR, TOOL_DIR } from './browser-test.js';

/**
 * Saves a screenshot of a view: into `screenshots/` (committed, shown in the READMEs) when
 * UPDATE_SCREENSHOTS=1, otherwise into `test-output/views/`, so an ordinary run leaves the
 * committed pictures alone.
 */
export async function saveViewScreenshot(page: Page, name: string): Promise<string> {
  const dir = process.env['UPDATE_SCREENSHOTS'] === '1' ? join(TOOL_DIR, 'screenshots') : join(FAILURE_DIR, 'views');
  await mkdir(dir, { recursive: true });
  const path = join(dir, `${name}.png`);
  await page.screenshot({ path, fullPage: true, animations: 'disabled', caret: 'hide' });
  return path;
}
