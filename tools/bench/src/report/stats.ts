/** A latency distribution in milliseconds, as printed and stored. */
export interface LatencySummary {
  readonly count: number;
  readonly min: number;
  readonly mean: number;
  readonly p50: number;
  readonly p90: number;
  readonly p99: number;
  readonly p999: number;
  readonly max: number;
}

/** One point of a percentile curve: `p` in percent (0–100), `ms` the latency at it. */
export interface CurvePoint {
  readonly p: number;
  readonly ms: number;
}

/** The percentiles a curve is drawn through: dense towards the tail, as latency plots are read. */
const CURVE_PERCENTILES: readonly number[] = [
  0, 5, 10, 20, 30, 40, 50, 60, 70, 75, 80, 85, 90, 92.5, 95, 96, 97, 97.5, 98, 98.5, 99, 99.25, 99.5, 99.75, 99.9, 99.95, 99.99, 100,
];

/** A sorted copy (ascending); NaN values are dropped. */
function sortNumbers(values: readonly number[]): number[] {
  return values.filter((v) => !Number.isNaN(v)).sort((a, b) => a - b);
}

/**
 * The `p`-th percentile (0–100) of ascending `sorted` values, linearly interpolated between the
 * two nearest ranks (the "type 7" definition of R and NumPy). NaN for no values.
 */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  if (!(p >= 0 && p <= 100)) throw new RangeError(`percentile must be within 0..100, got ${p}`);
  const rank = (p / 100) * (sorted.length - 1);
  const low = Math.floor(rank);
  const high = Math.ceil(rank);
  const a = sorted[low] as number;
  const b = sorted[high] as number;
  return a + (b - a) * (rank - low);
}

/** Count, mean and the usual percentiles of `values` (any order); NaN figures for no values. */
export function summarize(values: readonly number[]): LatencySummary {
  const sorted = sortNumbers(values);
  const sum = sorted.reduce((s, v) => s + v, 0);
  return {
    count: sorted.length,
    min: sorted.length > 0 ? (sorted[0] as number) : Number.NaN,
    mean: sorted.length > 0 ? sum / sorted.length : Number.NaN,
    p50: percentile(sorted, 50),
    p90: percentile(sorted, 90),
    p99: percentile(sorted, 99),
    p999: percentile(sorted, 99.9),
    max: sorted.length > 0 ? (sorted[sorted.length - 1] as number) : Number.NaN,
  };
}

/** The percentile curve of `values` through `points` (percent); empty for no values. */
export function percentileCurve(values: readonly number[], points: readonly number[] = CURVE_PERCENTILES): CurvePoint[] {
  const sorted = sortNumbers(values);
  if (sorted.length === 0) return [];
  return points.map((p) => ({ p, ms: percentile(sorted, p) }));
}

/** Events per second: `count` over `ms` milliseconds (NaN when no time passed). */
export function perSecond(count: number, ms: number): number {
  return ms > 0 ? (count * 1000) / ms : Number.NaN;
}

/** Rounds to `digits` significant decimals for storage (keeps JSON readable). */
export function round(value: number, digits = 3): number {
  if (!Number.isFinite(value)) return value;
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

/** A summary with every figure rounded to microseconds. */
export function roundSummary(s: LatencySummary): LatencySummary {
  return {
    count: s.count,
    min: round(s.min),
    mean: round(s.mean),
    p50: round(s.p50),
    p90: round(s.p90),
    p99: round(s.p99),
    p999: round(s.p999),
    max: round(s.max),
  };
}
