/** One measured line of the report. */
export interface Measurement {
  readonly database: string;
  readonly queued: number;
  readonly how: string;
  readonly done: number;
  readonly ms: number;
}

/** `1000000` → `1,000,000`. */
export const thousands = (n: number): string => Math.round(n).toLocaleString('en-US');

/** A Markdown table of measurements: deliveries per second and time per delivery. */
export function formatTable(rows: readonly Measurement[]): string {
  const lines = [
    '| database | queued | how | deliveries | deliveries/s | µs per delivery |',
    '|---|---:|---|---:|---:|---:|',
    ...rows.map((r) => `| ${r.database} | ${thousands(r.queued)} | ${r.how} | ${thousands(r.done)} | ${thousands((r.done / r.ms) * 1000)} | ${thousands((r.ms * 1000) / Math.max(1, r.done))} |`),
  ];
  return lines.join('\n');
}
