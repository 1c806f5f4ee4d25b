import { describe, expect, it } from '@jest/globals';
import { areaOf, summarizeProfile } from './cpu-profile.js';
import { percentile, percentileCurve, perSecond, summarize } from './stats.js';
import { escapeXml, latencyChart, msTicks, percentileX } from './svg.js';
import { formatTarget, formatValue, renderMarkdown, renderTable, verdictOf, type Figure } from './table.js';

describe('percentile', () => {
  it('interpolates between the nearest ranks', () => {
    const sorted = [1, 2, 3, 4];
    expect(percentile(sorted, 0)).toBe(1);
    expect(percentile(sorted, 100)).toBe(4);
    expect(percentile(sorted, 50)).toBe(2.5);
    expect(percentile([10], 99)).toBe(10);
  });

  it('is NaN for no values and refuses a percentile outside 0..100', () => {
    expect(percentile([], 50)).toBeNaN();
    expect(() => percentile([1], 101)).toThrow(RangeError);
  });

  it('summarizes unsorted values, dropping NaN', () => {
    const values = Array.from({ length: 1000 }, (_, i) => 1000 - i);
    const s = summarize([...values, Number.NaN]);
    expect(s.count).toBe(1000);
    expect(s.min).toBe(1);
    expect(s.max).toBe(1000);
    expect(s.p50).toBeCloseTo(500.5, 6);
    expect(s.p99).toBeCloseTo(990.01, 6);
    expect(s.mean).toBeCloseTo(500.5, 6);
  });

  it('draws a curve through the requested percentiles', () => {
    expect(percentileCurve([3, 1, 2], [0, 50, 100])).toEqual([
      { p: 0, ms: 1 },
      { p: 50, ms: 2 },
      { p: 100, ms: 3 },
    ]);
    expect(percentileCurve([])).toEqual([]);
  });

  it('turns counts over milliseconds into a rate', () => {
    expect(perSecond(500, 250)).toBe(2000);
    expect(perSecond(1, 0)).toBeNaN();
  });
});

const throughput: Figure = {
  section: '1 delivery throughput',
  label: 'drain, 1 worker',
  value: 4000,
  unit: '/s',
  ceiling: { label: 'bare got', value: 5000 },
  target: { kind: 'min', value: 0.85, basis: 'ratio' },
};

describe('verdicts', () => {
  it('checks a ratio target and says by how much it is missed', () => {
    const v = verdictOf(throughput);
    expect(v.status).toBe('miss');
    expect(v.measured).toBeCloseTo(0.8, 9);
    expect(v.missPercent).toBeCloseTo(5.882, 2);
    expect(v.text).toBe('MISS 5.9 % short');
    expect(verdictOf({ ...throughput, value: 4500 }).status).toBe('ok');
  });

  it('checks an added-latency target against the ceiling', () => {
    const f: Figure = { section: '3', label: 'p50', value: 3.5, unit: 'ms', ceiling: { label: 'direct', value: 1 }, target: { kind: 'max', value: 2, basis: 'added' } };
    expect(verdictOf(f).text).toBe('MISS 25 % over');
    expect(verdictOf({ ...f, value: 2.9 }).status).toBe('ok');
  });

  it('has no verdict without a target and n/a without a measurement', () => {
    expect(verdictOf({ section: 's', label: 'l', value: 1, unit: '' }).status).toBe('none');
    expect(verdictOf({ ...throughput, value: null }).status).toBe('n/a');
    expect(verdictOf({ ...throughput, ceiling: { label: 'x', value: null } }).status).toBe('n/a');
  });
});

describe('table', () => {
  it('formats values and targets with their units', () => {
    expect(formatValue(5123.4, '/s')).toBe('5,123/s');
    expect(formatValue(1.234, 'ms')).toBe('1.23 ms');
    expect(formatValue(12.34, 'ms')).toBe('12.3 ms');
    expect(formatValue(212.4, 'MB')).toBe('212 MB');
    expect(formatValue(null, 'ms')).toBe('—');
    expect(formatValue(Number.NaN, 'ms')).toBe('—');
    expect(formatTarget({ kind: 'min', value: 0.85, basis: 'ratio' }, '/s')).toBe('≥ 85 % of ceiling');
    expect(formatTarget({ kind: 'max', value: 2, basis: 'added' }, 'ms')).toBe('≤ 2.00 ms added');
    expect(formatTarget({ kind: 'min', value: 5000, basis: 'value' }, '/s')).toBe('≥ 5,000/s');
  });

  it('renders sections, aligned columns, ratio and verdict', () => {
    const text = renderTable([throughput, { section: '4 idle wake-up', label: 'p50 of 100', value: 12.5, unit: 'ms', target: { kind: 'max', value: 50, basis: 'value' } }]);
    const lines = text.split('\n');
    expect(lines[0]).toMatch(/^figure\s+measured\s+ceiling\s+ratio\s+target\s+verdict$/);
    expect(lines).toContain('1 delivery throughput');
    const row = lines.find((l) => l.includes('drain, 1 worker')) ?? '';
    expect(row).toContain('4,000/s');
    expect(row).toContain('5,000/s bare got');
    expect(row).toContain('80.0 %');
    expect(row).toContain('MISS 5.9 % short');
    const wake = lines.find((l) => l.includes('p50 of 100')) ?? '';
    expect(wake).toContain('12.5 ms');
    expect(wake.trimEnd().endsWith('ok')).toBe(true);
    // The measured column ends at the same place on every row.
    const end = (l: string, s: string) => l.indexOf(s) + s.length;
    expect(end(row, '4,000/s')).toBe(end(wake, '12.5 ms'));
  });

  it('renders Markdown with one row per figure and a row per section', () => {
    const md = renderMarkdown([throughput]).split('\n');
    expect(md).toHaveLength(4);
    expect(md[2]).toBe('| **1 delivery throughput** | | | | | |');
    expect(md[3]).toContain('| drain, 1 worker | 4,000/s | 5,000/s bare got | 80.0 % |');
  });
});

describe('svg', () => {
  it('places percentiles on a log scale of 1 / (1 − p)', () => {
    expect(percentileX(0)).toBe(0);
    expect(percentileX(90)).toBeCloseTo(0.25, 9);
    expect(percentileX(99)).toBeCloseTo(0.5, 9);
    expect(percentileX(99.99)).toBeCloseTo(1, 9);
    expect(percentileX(100)).toBeCloseTo(1, 9);
  });

  it('makes 1-2-5 ticks across decades', () => {
    expect(msTicks(0.1, 10)).toEqual([0.1, 0.2, 0.5, 1, 2, 5, 10]);
    expect(msTicks(0.1, 10_000)).toEqual([0.1, 1, 10, 100, 1000, 10_000]);
  });

  it('escapes text', () => {
    expect(escapeXml(`a<b & "c"`)).toBe('a&lt;b &amp; &quot;c&quot;');
  });

  it('writes a well-formed document with a path and a legend per series', () => {
    const svg = latencyChart('Latency <test>', [
      {
        title: 'ingest',
        series: [
          { name: 'service', points: percentileCurve([1, 2, 3, 4, 50]) },
          { name: 'koa', points: percentileCurve([0.5, 0.6, 0.7]) },
        ],
      },
      { title: 'empty', series: [] },
    ]);
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
    expect(svg).toContain('Latency &lt;test&gt;');
    expect(svg.match(/<path /g)).toHaveLength(2);
    expect(svg).toContain('>service<');
    expect(svg).toContain('p50 3 ms');
    expect(svg).toContain('no data');
    expect(svg).not.toMatch(/NaN|Infinity/);
    // Every opened group is closed.
    expect(svg.match(/<g /g)?.length).toBe(svg.match(/<\/g>/g)?.length);
  });
});

describe('cpu profile summary', () => {
  it('names the area of a frame', () => {
    expect(areaOf('file:///w/node_modules/pg/lib/client.js', 'x')).toBe('pg');
    expect(areaOf('file:///w/node_modules/@koa/router/lib/x.js', 'x')).toBe('@koa/router');
    expect(areaOf('file:///w/packages/domain/src/a.ts', 'x')).toBe('@webhooks/domain');
    expect(areaOf('node:internal/streams/readable', 'x')).toBe('node');
    expect(areaOf('', '(garbage collector)')).toBe('(garbage collector)');
  });

  it('sums self time by function and area, without idle', () => {
    const profile = {
      nodes: [
        { id: 1, callFrame: { functionName: '(root)', url: '', lineNumber: -1 } },
        { id: 2, callFrame: { functionName: '(idle)', url: '', lineNumber: -1 } },
        { id: 3, callFrame: { functionName: 'parse', url: 'file:///w/node_modules/pg/lib/p.js', lineNumber: 9 } },
        { id: 4, callFrame: { functionName: 'sign', url: 'file:///w/packages/domain/src/s.ts', lineNumber: 0 } },
      ],
      startTime: 0,
      endTime: 10_000,
      samples: [3, 3, 4, 2, 3],
      timeDeltas: [0, 1000, 1000, 1000, 2000],
    };
    const s = summarizeProfile(profile);
    expect(s.idleMs).toBe(2);
    expect(s.areas[0]).toEqual({ name: 'pg', ms: 2, percent: 66.7 });
    expect(s.functions[0]?.name).toBe('parse pg:10');
    expect(s.functions[1]).toEqual({ name: 'sign @webhooks/domain:1', ms: 1, percent: 33.3 });
  });

  it('keeps only the samples of a window', () => {
    const profile = {
      nodes: [
        { id: 1, callFrame: { functionName: 'startup', url: 'node:internal/modules/x', lineNumber: 0 } },
        { id: 2, callFrame: { functionName: 'send', url: 'file:///w/node_modules/got/a.js', lineNumber: 0 } },
      ],
      startTime: 1_000_000,
      endTime: 1_010_000,
      // Samples at 1_001_000 (startup), 1_002_000 (startup), 1_005_000 (send), 1_006_000 (send).
      samples: [1, 1, 2, 2],
      timeDeltas: [1000, 1000, 3000, 1000],
    };
    const s = summarizeProfile(profile, 10, { fromUs: 1_004_000, toUs: 1_010_000 });
    expect(s.areas.map((a) => a.name)).toEqual(['got']);
  });
});
