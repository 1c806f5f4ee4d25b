import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { AxeResults, Result } from 'axe-core';
import type { Page } from 'playwright-core';

let source: Promise<string> | null = null;

/** axe-core's own bundle, read once. */
function axeSource(): Promise<string> {
  source ??= readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
  return source;
}

/** The impacts that fail a scan: serious and critical. */
const FAILING = new Set(['serious', 'critical']);

/**
 * Runs axe-core in the page as it is now and answers its violations of impact serious or worse.
 * The source is evaluated through the DevTools protocol, which the page's CSP does not govern.
 */
export async function seriousViolations(page: Page): Promise<Result[]> {
  const code = await axeSource();
  await page.evaluate(code);
  const results = await page.evaluate(
    () => (window as unknown as { axe: { run: (context: Document, options: object) => Promise<AxeResults> } }).axe.run(document, { resultTypes: ['violations'] }),
  );
  return results.violations.filter((v) => FAILING.has(v.impact ?? ''));
}

/** A violation list as text a failing assertion can show. */
export function describeViolations(violations: readonly Result[]): string {
  return violations.map((v) => `${v.impact ?? '?'} ${v.id}: ${v.help}\n  ${v.nodes.map((n) => n.target.join(' ')).join('\n  ')}`).join('\n');
}
