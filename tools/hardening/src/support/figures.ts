import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Whether this run is the soak (`SOAK=1`, larger sizes) or the bounded CI size. */
export const SOAK = ['1', 'true', 'yes'].includes((process.env['SOAK'] ?? '').toLowerCase());

/** The size of this run: the CI value, or the soak value under `SOAK=1`. */
export const sized = (ci: number, soak: number): number => (SOAK ? soak : ci);

/** The directory the suites write their figures to. */
export const RESULTS_DIR = fileURLToPath(new URL('../../results/', import.meta.url));

/** What every results file says about the run that made it. */
export interface RunFigures {
  readonly suite: string;
  readonly size: 'ci' | 'soak';
  readonly command: string;
  readonly startedAt: string;
  readonly durationMs: number;
  readonly database: string;
  readonly node: string;
  readonly figures: Record<string, unknown>;
}

/** The command that runs this size of the suites, as written in RELIABILITY.md. */
const COMMAND = SOAK ? 'npm run soak -w @webhooks/hardening' : 'npm test -w @webhooks/hardening';

/** Writes `results/<suite>.json` (CI size) or `results/<suite>.soak.json` (soak). */
export function writeFigures(suite: string, startedAt: Date, database: string, figures: Record<string, unknown>): void {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const run: RunFigures = {
    suite,
    size: SOAK ? 'soak' : 'ci',
    command: COMMAND,
    startedAt: startedAt.toISOString(),
    durationMs: Date.now() - startedAt.getTime(),
    database,
    node: process.version,
    figures,
  };
  writeFileSync(`${RESULTS_DIR}${suite}${SOAK ? '.soak' : ''}.json`, `${JSON.stringify(run, null, 2)}\n`);
}
