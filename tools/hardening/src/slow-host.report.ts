import type { RunFigures } from './support/figures.js';

/**
 * The slow-host scenario's part of RELIABILITY.md (`src/slow-host.spec.ts`): a row of the
 * headline table and a section of its own. `report.ts` places them; nothing else reads them.
 */
type Figures = Record<string, unknown>;
const num = (value: unknown): number => (typeof value === 'number' ? value : 0);
const obj = (value: unknown): Figures => (typeof value === 'object' && value !== null ? (value as Figures) : {});
const count = (value: unknown): number => (Array.isArray(value) ? value.length : 0);

/** The headline row, or none when the scenario did not run. */
export function slowHostHeadline(run: RunFigures | null): string[] {
  if (!run) return [];
  const f = obj(run.figures);
  const latency = obj(f['formLatencyMs']);
  return [
    `| slow host: form calls / test sends answered in time | ${num(f['formCalls']) - count(f['formFailures'])} of ${num(f['formCalls'])} / ${num(f['testSends']) - count(f['testSendFailures'])} of ${num(f['testSends'])} (slowest ${num(latency['max'])} ms / ${num(f['testSendMaxMs'])} ms) with ${num(f['deliveriesQueued'])} deliveries queued to the same host, ${num(f['heldWhenCallsBegan'])} of them hanging |`,
  ];
}

/** The scenario's section, or none when it did not run. */
export function slowHostDetails(run: RunFigures | null): string[] {
  if (!run) return [];
  const f = obj(run.figures);
  const latency = obj(f['formLatencyMs']);
  return [
    '### A slow host (`src/slow-host.spec.ts`)',
    '',
    `One tenant's notify webhook points at a host that never answers (each delivery held until its ${num(f['notifyTimeoutMs'])} ms timeout); ${num(f['deliveriesQueued'])} deliveries are queued to it through the real worker, which sends ${num(f['perHostShare'])} to one host at a time. Meanwhile ${num(f['formTenants'])} other tenants' form hooks on the very same host and port (timeout ${num(f['hookTimeoutMs'])} ms, policy \`closed\`, interactive deadline ${num(f['deadlineMs'])} ms) are called by ${num(f['callers'])} concurrent callers, then the slow tenant's admin sends test events to it.`,
    '',
    `- form calls: ${num(f['formCalls'])}, failed ${count(f['formFailures'])}; latency p50 ${num(latency['p50'])} ms, p95 ${num(latency['p95'])} ms, max ${num(latency['max'])} ms`,
    `- test sends: ${num(f['testSends'])}, failed ${count(f['testSendFailures'])}; slowest ${num(f['testSendMaxMs'])} ms`,
    `- deliveries hanging at the host when the calls began / ended: ${num(f['heldWhenCallsBegan'])} / ${num(f['heldWhenCallsEnded'])} (none given up for the interactive calls)`,
    '',
  ];
}
