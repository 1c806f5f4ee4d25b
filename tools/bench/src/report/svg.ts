import type { CurvePoint } from './stats.js';

/** One line of a panel: a named latency distribution. */
interface Series {
  readonly name: string;
  readonly points: readonly CurvePoint[];
}

/** One chart: a title and the series drawn on it. */
export interface Panel {
  readonly title: string;
  readonly series: readonly Series[];
}

const PANEL_WIDTH = 760;
const PANEL_HEIGHT = 300;
const MARGIN = { left: 64, right: 200, top: 34, bottom: 42 } as const;
const COLORS = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b', '#e377c2', '#17becf'] as const;
/** The x axis ends at this percentile: beyond it a sample of thousands says little. */
const MAX_PERCENTILE = 99.99;
const X_TICKS: readonly [number, string][] = [
  [0, '0%'],
  [50, '50%'],
  [90, '90%'],
  [99, '99%'],
  [99.9, '99.9%'],
  [99.99, '99.99%'],
];
const MIN_MS = 0.01;

/** Escapes text for an SVG text node or attribute. */
export function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c] ?? c);
}

/** The x position (0–1) of a percentile: log scale of 1 / (1 − p), as HdrHistogram plots. */
export function percentileX(p: number): number {
  const clamped = Math.min(Math.max(p, 0), MAX_PERCENTILE);
  return Math.log10(1 / (1 - clamped / 100)) / Math.log10(1 / (1 - MAX_PERCENTILE / 100));
}

/** Round log-scale ticks that cover `lo`–`hi` milliseconds: 1, 2 and 5 per decade, or one per decade over more than four. */
export function msTicks(lo: number, hi: number): number[] {
  const ticks: number[] = [];
  const steps = hi / lo > 1e4 ? [1] : [1, 2, 5];
  for (let decade = Math.floor(Math.log10(lo)); decade <= Math.ceil(Math.log10(hi)); decade++) {
    for (const m of steps) {
      const v = m * 10 ** decade;
      if (v >= lo / 1.0001 && v <= hi * 1.0001) ticks.push(Number(v.toPrecision(3)));
    }
  }
  return ticks;
}

function formatMs(ms: number): string {
  if (ms >= 1000) return `${Number((ms / 1000).toPrecision(3))} s`;
  if (ms >= 1) return `${Number(ms.toPrecision(3))} ms`;
  return `${Number(ms.toPrecision(2))} ms`;
}

/** One panel as an SVG group, at vertical offset `top`. */
function renderPanel(panel: Panel, top: number): string {
  const plotW = PANEL_WIDTH - MARGIN.left - MARGIN.right;
  const plotH = PANEL_HEIGHT - MARGIN.top - MARGIN.bottom;
  const values = panel.series.flatMap((s) => s.points.filter((p) => p.p <= MAX_PERCENTILE).map((p) => Math.max(p.ms, MIN_MS)));
  const out: string[] = [`<g transform="translate(0,${top})">`];
  out.push(`<text x="${MARGIN.left}" y="20" font-size="14" font-weight="bold">${escapeXml(panel.title)}</text>`);
  if (values.length === 0) {
    out.push(`<text x="${MARGIN.left}" y="${MARGIN.top + 20}" font-size="12">no data</text></g>`);
    return out.join('\n');
  }
  // Whole 1-2-5 steps around the data, so the ticks frame it.
  let lo = 10 ** Math.floor(Math.log10(Math.min(...values)));
  let hi = 10 ** Math.ceil(Math.log10(Math.max(...values)));
  if (hi / lo < 10) hi = lo * 10;
  lo = Math.max(lo, MIN_MS);
  const y = (ms: number) => MARGIN.top + plotH - ((Math.log10(Math.max(ms, lo)) - Math.log10(lo)) / (Math.log10(hi) - Math.log10(lo))) * plotH;
  const x = (p: number) => MARGIN.left + percentileX(p) * plotW;

  out.push(`<rect x="${MARGIN.left}" y="${MARGIN.top}" width="${plotW}" height="${plotH}" fill="none" stroke="#999"/>`);
  for (const t of msTicks(lo, hi)) {
    const ty = y(t).toFixed(1);
    out.push(`<line x1="${MARGIN.left}" x2="${MARGIN.left + plotW}" y1="${ty}" y2="${ty}" stroke="#eee"/>`);
    out.push(`<text x="${MARGIN.left - 6}" y="${ty}" font-size="10" text-anchor="end" dominant-baseline="middle">${escapeXml(formatMs(t))}</text>`);
  }
  for (const [p, label] of X_TICKS) {
    const tx = x(p).toFixed(1);
    out.push(`<line x1="${tx}" x2="${tx}" y1="${MARGIN.top}" y2="${MARGIN.top + plotH}" stroke="#eee"/>`);
    out.push(`<text x="${tx}" y="${MARGIN.top + plotH + 14}" font-size="10" text-anchor="middle">${label}</text>`);
  }
  out.push(`<text x="${MARGIN.left + plotW / 2}" y="${MARGIN.top + plotH + 32}" font-size="11" text-anchor="middle">percentile</text>`);
  out.push(
    `<text x="14" y="${MARGIN.top + plotH / 2}" font-size="11" text-anchor="middle" transform="rotate(-90 14 ${MARGIN.top + plotH / 2})">latency (log)</text>`,
  );

  panel.series.forEach((s, i) => {
    const color = COLORS[i % COLORS.length] ?? '#000';
    const pts = s.points.filter((p) => p.p <= MAX_PERCENTILE);
    if (pts.length > 0) {
      const d = pts.map((p, j) => `${j === 0 ? 'M' : 'L'}${x(p.p).toFixed(1)},${y(p.ms).toFixed(1)}`).join(' ');
      out.push(`<path d="${d}" fill="none" stroke="${color}" stroke-width="2"/>`);
    }
    const at = (q: number) => s.points.find((p) => p.p === q)?.ms;
    const p50 = at(50);
    const p99 = at(99);
    const legendY = MARGIN.top + 8 + i * 30;
    const lx = MARGIN.left + plotW + 12;
    out.push(`<line x1="${lx}" x2="${lx + 16}" y1="${legendY}" y2="${legendY}" stroke="${color}" stroke-width="3"/>`);
    out.push(`<text x="${lx + 22}" y="${legendY + 4}" font-size="11">${escapeXml(s.name)}</text>`);
    if (p50 !== undefined && p99 !== undefined) {
      out.push(`<text x="${lx + 22}" y="${legendY + 17}" font-size="10" fill="#555">p50 ${escapeXml(formatMs(p50))} · p99 ${escapeXml(formatMs(p99))}</text>`);
    }
  });
  out.push('</g>');
  return out.join('\n');
}

/** A standalone SVG document: the panels stacked, each a percentile plot on log–log axes. */
export function latencyChart(title: string, panels: readonly Panel[]): string {
  const height = 40 + panels.length * PANEL_HEIGHT;
  const body = panels.map((p, i) => renderPanel(p, 40 + i * PANEL_HEIGHT)).join('\n');
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${PANEL_WIDTH}" height="${height}" viewBox="0 0 ${PANEL_WIDTH} ${height}" font-family="sans-serif">`,
    `<rect width="100%" height="100%" fill="#fff"/>`,
    `<text x="${MARGIN.left}" y="24" font-size="16" font-weight="bold">${escapeXml(title)}</text>`,
    body,
    '</svg>',
    '',
  ].join('\n');
}
