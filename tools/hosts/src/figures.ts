import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Where the suite and the throughput mode leave their figures (`<name>.json`), read by `src/report.ts`. */
const RESULTS_DIR = fileURLToPath(new URL('../results/', import.meta.url));

/** One run's figures, with what made them. */
export interface HostsFigures {
  readonly command: string;
  readonly node: string;
  readonly cores: number;
  readonly durationMs: number;
  readonly figures: Record<string, unknown>;
}

/** Writes `results/<name>.json`. */
export function writeFigures(name: string, command: string, startedAt: number, figures: Record<string, unknown>, cores: number): void {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const run: HostsFigures = { command, node: process.version, cores, durationMs: Date.now() - startedAt, figures };
  writeFileSync(`${RESULTS_DIR}${name}.json`, `${JSON.stringify(run, null, 2)}\n`);
}

/** Reads `results/<name>.json`, or null. */
export function readFigures(name: string): HostsFigures | null {
  try {
    return JSON.parse(readFileSync(`${RESULTS_DIR}${name}.json`, 'utf8')) as HostsFigures;
  } catch {
    return null;
  }
}
