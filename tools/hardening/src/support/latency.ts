/** Nearest-rank percentiles of some durations, in whole milliseconds (zeros when there are none). */
export function latencySummary(durationsMs: readonly number[]): { readonly count: number; readonly p50: number; readonly p95: number; readonly max: number } {
  const sorted = [...durationsMs].sort((a, b) => a - b);
  const at = (p: number) => Math.round(sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0);
  return { count: sorted.length, p50: at(50), p95: at(95), max: Math.round(sorted[sorted.length - 1] ?? 0) };
}
