/** What a target is checked on: the value itself, value ÷ ceiling, or value − ceiling. */
type TargetBasis = 'value' | 'ratio' | 'added';

/** A target: at least (`min`) or at most (`max`) `value`, on `basis`. */
export interface Target {
  readonly kind: 'min' | 'max';
  readonly value: number;
  readonly basis: TargetBasis;
}

/** One printed figure: a measurement, beside its ceiling (what a bare client or server reaches). */
export interface Figure {
  /** The section: "1 throughput", "2 ingest", … */
  readonly section: string;
  readonly label: string;
  /** NaN or null: not measured (the scenario failed or was skipped). */
  readonly value: number | null;
  readonly unit: Unit;
  readonly ceiling?: { readonly label: string; readonly value: number | null };
  readonly target?: Target;
  readonly note?: string;
}

/** Units the table knows how to print. */
export type Unit = '/s' | 'ms' | 'MB' | 'µs' | '%' | '';

/** A figure's verdict against its target. */
export interface Verdict {
  readonly status: 'ok' | 'miss' | 'none' | 'n/a';
  /** The measured quantity the target is about (value, ratio or added). */
  readonly measured: number | null;
  /** By how much the target is missed, in percent of the target (0 when met). */
  readonly missPercent: number;
  readonly text: string;
}

const finite = (v: number | null | undefined): v is number => typeof v === 'number' && Number.isFinite(v);

/** value ÷ ceiling, or null when either is missing. */
function ratioOf(figure: Figure): number | null {
  const c = figure.ceiling?.value;
  return finite(figure.value) && finite(c) && c !== 0 ? figure.value / c : null;
}

/** The quantity a target is checked on. */
function measuredFor(figure: Figure, basis: TargetBasis): number | null {
  if (!finite(figure.value)) return null;
  switch (basis) {
    case 'value':
      return figure.value;
    case 'ratio':
      return ratioOf(figure);
    case 'added': {
      const c = figure.ceiling?.value;
      return finite(c) ? figure.value - c : null;
    }
  }
}

/** Checks `figure` against its target; a miss says by how much, in percent of the target. */
export function verdictOf(figure: Figure): Verdict {
  const target = figure.target;
  if (!target) return { status: 'none', measured: null, missPercent: 0, text: '' };
  const measured = measuredFor(figure, target.basis);
  if (measured === null) return { status: 'n/a', measured: null, missPercent: 0, text: 'n/a' };
  const met = target.kind === 'min' ? measured >= target.value : measured <= target.value;
  if (met) return { status: 'ok', measured, missPercent: 0, text: 'ok' };
  const scale = Math.abs(target.value) > 0 ? Math.abs(target.value) : 1;
  const missPercent = (Math.abs(measured - target.value) / scale) * 100;
  const direction = target.kind === 'min' ? 'short' : 'over';
  return { status: 'miss', measured, missPercent, text: `MISS ${formatPercent(missPercent)} ${direction}` };
}

function formatPercent(p: number): string {
  return p >= 100 ? `${Math.round(p)} %` : `${p.toFixed(p >= 10 ? 0 : 1)} %`;
}

/** A number with its unit, at a precision that fits its size: `5,123/s`, `1.23 ms`, `212 MB`. */
export function formatValue(value: number | null | undefined, unit: Unit): string {
  if (!finite(value)) return '—';
  const abs = Math.abs(value);
  let digits: number;
  if (unit === '/s' || unit === 'MB' || unit === '%') digits = abs >= 100 ? 0 : 1;
  else digits = abs >= 100 ? 0 : abs >= 10 ? 1 : 2;
  const text = value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
  switch (unit) {
    case '/s':
      return `${text}/s`;
    case '':
      return text;
    default:
      return `${text} ${unit}`;
  }
}

/** How a target reads in the table: `≥ 85 % of ceiling`, `≤ 2 ms added`, `≥ 5,000/s`. */
export function formatTarget(target: Target | undefined, unit: Unit): string {
  if (!target) return '';
  const op = target.kind === 'min' ? '≥' : '≤';
  switch (target.basis) {
    case 'value':
      return `${op} ${formatValue(target.value, unit)}`;
    case 'ratio':
      return `${op} ${Math.round(target.value * 100)} % of ceiling`;
    case 'added':
      return `${op} ${formatValue(target.value, unit)} added`;
  }
}

/** The cell of the ratio column: value ÷ ceiling as a percentage, or the difference for `added` targets. */
function ratioCell(figure: Figure): string {
  const r = ratioOf(figure);
  if (r === null) return '';
  const pct = `${(r * 100).toFixed(r >= 10 ? 0 : 1)} %`;
  if (figure.target?.basis === 'added') {
    const added = measuredFor(figure, 'added');
    return `${pct} (+${formatValue(added, figure.unit)})`;
  }
  return pct;
}

const HEADERS = ['figure', 'measured', 'ceiling', 'ratio', 'target', 'verdict'] as const;

/** The figures as a plain-text table, grouped by section, columns aligned. */
export function renderTable(figures: readonly Figure[]): string {
  const rows: string[][] = [];
  let section: string | null = null;
  const sectionRows = new Set<number>();
  for (const f of figures) {
    if (f.section !== section) {
      section = f.section;
      sectionRows.add(rows.length);
      rows.push([section, '', '', '', '', '']);
    }
    const ceiling = f.ceiling ? `${formatValue(f.ceiling.value, f.unit)} ${f.ceiling.label}` : '';
    rows.push([`  ${f.label}`, formatValue(f.value, f.unit), ceiling, ratioCell(f), formatTarget(f.target, f.unit), verdictOf(f).text]);
  }
  const widths = HEADERS.map((h, i) => Math.max(width(h), ...rows.filter((_, r) => !sectionRows.has(r)).map((row) => width(row[i] ?? ''))));
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => (i === 0 ? pad(c, widths[i] ?? 0) : i === cells.length - 1 ? c : padStart(c, widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  const rule = widths.map((w) => '─'.repeat(w)).join('  ');
  const out = [line(HEADERS), rule];
  rows.forEach((row, r) => out.push(sectionRows.has(r) ? (row[0] ?? '') : line(row)));
  return out.join('\n');
}

/** Display width: code points (the table uses no wide characters). */
function width(s: string): number {
  return [...s].length;
}

function pad(s: string, w: number): string {
  return s + ' '.repeat(Math.max(0, w - width(s)));
}

function padStart(s: string, w: number): string {
  return ' '.repeat(Math.max(0, w - width(s))) + s;
}

/** The figures as a Markdown table (for the README). */
export function renderMarkdown(figures: readonly Figure[]): string {
  const out = ['| figure | measured | ceiling | ratio | target | verdict |', '|---|---:|---:|---:|---|---|'];
  let section: string | null = null;
  for (const f of figures) {
    if (f.section !== section) {
      section = f.section;
      out.push(`| **${section}** | | | | | |`);
    }
    const ceiling = f.ceiling ? `${formatValue(f.ceiling.value, f.unit)} ${f.ceiling.label}` : '';
    const cells = [f.label, formatValue(f.value, f.unit), ceiling, ratioCell(f), formatTarget(f.target, f.unit), verdictOf(f).text];
    out.push(`| ${cells.map((c) => c.replaceAll('|', '\\|')).join(' | ')} |`);
  }
  return out.join('\n');
}
