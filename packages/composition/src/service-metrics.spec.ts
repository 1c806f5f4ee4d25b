import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from '@jest/globals';
import { parser } from '@prometheus-io/lezer-promql';
import type { Registry } from 'prom-client';
import { parse } from 'yaml';
import { serviceMetrics } from './worker-metrics.js';

const ALERTS = fileURLToPath(new URL('../../../deploy/prometheus/alerts.yml', import.meta.url));

/** Units Prometheus wants in base form: seconds, bytes, ratios. */
const NON_BASE_UNITS = /(^|_)(milliseconds|microseconds|nanoseconds|millis|ms|minutes|hours|days|weeks|kilobytes|megabytes|gigabytes|kb|mb|gb|percent|percentage)(_|$)/;
/** Words that say a metric measures time, which then must be in seconds. */
const TIME_WORDS = /(^|_)(duration|latency|age|time|delay|lag|elapsed|uptime)(_|$)/;
/** prom-client's own gauges named `_total` (Node.js handle counts): not ours to rename. */
const PROM_CLIENT_EXCEPTIONS = ['nodejs_active_handles_total', 'nodejs_active_requests_total', 'nodejs_active_resources_total'];

interface Described {
  readonly name: string;
  readonly type: string;
  readonly help: string;
  readonly labelNames: readonly string[];
}

/** Every metric of a registry, with its label names. */
async function describe_(registry: Registry): Promise<Described[]> {
  const json = await registry.getMetricsAsJSON();
  return json.map((m) => {
    const metric = registry.getSingleMetric(m.name) as unknown as { labelNames?: readonly string[] };
    return { name: m.name, type: String(m.type), help: m.help, labelNames: metric.labelNames ?? [] };
  });
}

/** What promtool's `check metrics` (promlint) would say of one metric, and a few more of the conventions. */
function problemsOf(m: Described): string[] {
  const problems: string[] = [];
  if (!/^[a-z_:][a-z0-9_:]*$/.test(m.name)) problems.push('name is not snake_case ([a-z_:][a-z0-9_:]*)');
  if (m.type === 'counter' && !m.name.endsWith('_total')) problems.push('counter name does not end in _total');
  if (m.type !== 'counter' && m.name.endsWith('_total') && !PROM_CLIENT_EXCEPTIONS.includes(m.name)) problems.push('non-counter name ends in _total');
  if (/_(count|sum|bucket)$/.test(m.name)) problems.push('name ends in a reserved suffix (_count, _sum, _bucket)');
  if (NON_BASE_UNITS.test(m.name)) problems.push('name uses a unit that is not a base unit (seconds, bytes, ratio)');
  if (TIME_WORDS.test(m.name) && !/_seconds(_total)?$/.test(m.name)) problems.push('a time is not measured in seconds (_seconds)');
  if (m.help.trim() === '') problems.push('no help text');
  for (const label of m.labelNames) {
    if (!/^[a-z][a-z0-9_]*$/.test(label)) problems.push(`label ${label} is not snake_case`);
    if (m.type === 'histogram' && label === 'le') problems.push('a histogram may not use the label le');
  }
  return problems;
}

/** The metric names a PromQL expression selects, and the label names its matchers use; or its syntax errors. */
function selectorsOf(expr: string): { readonly errors: number; readonly selectors: { readonly metric: string; readonly labels: string[] }[] } {
  const tree = parser.parse(expr);
  let errors = 0;
  const selectors: { metric: string; labels: string[] }[] = [];
  tree.iterate({
    enter: (node) => {
      if (node.type.isError) errors += 1;
      if (node.name !== 'VectorSelector') return;
      const id = node.node.getChild('Identifier');
      const labels = node.node.getChild('LabelMatchers')?.getChildren('UnquotedLabelMatcher').map((m) => {
        const name = m.getChild('LabelName');
        return name ? expr.slice(name.from, name.to) : '';
      });
      if (id) selectors.push({ metric: expr.slice(id.from, id.to), labels: labels ?? [] });
    },
  });
  return { errors, selectors };
}

/** A histogram's series (`_bucket`, `_sum`, `_count`) name the histogram. */
function baseOf(series: string, known: ReadonlyMap<string, Described>): Described | undefined {
  const direct = known.get(series);
  if (direct) return direct;
  const histogram = known.get(series.replace(/_(bucket|sum|count)$/, ''));
  return histogram?.type === 'histogram' ? histogram : undefined;
}

interface Rule {
  readonly alert?: unknown;
  readonly expr?: unknown;
  readonly for?: unknown;
  readonly labels?: Record<string, unknown>;
  readonly annotations?: Record<string, unknown>;
}

describe('serviceMetrics', () => {
  describe('when its registry is checked against the Prometheus naming conventions', () => {
    it('should give every metric a snake_case name in base units, _total on counters only, help and sane labels', async () => {
      const { registry } = serviceMetrics({});
      const metrics = await describe_(registry);
      expect(metrics.length).toBeGreaterThan(20);
      expect(metrics.flatMap((m) => problemsOf(m).map((p) => `${m.name}: ${p}`))).toEqual([]);
    });

    it('should catch what breaks them (the checks can fail)', () => {
      const bad = [
        { name: 'webhook_deliveries', type: 'counter', help: 'x', labelNames: [] },
        { name: 'webhook_queue_depth_total', type: 'gauge', help: 'x', labelNames: [] },
        { name: 'webhook_attempt_duration_milliseconds', type: 'histogram', help: 'x', labelNames: ['le'] },
        { name: 'webhookAge', type: 'gauge', help: '', labelNames: ['webhookId'] },
      ];
      expect(bad.map((m) => problemsOf(m).length > 0)).toEqual([true, true, true, true]);
    });

    it('should label service metrics with bounded values only: no webhook, project or delivery id', async () => {
      const { registry } = serviceMetrics({});
      const labels = (await describe_(registry)).filter((m) => /^(webhook|http)_/.test(m.name)).flatMap((m) => m.labelNames);
      expect([...new Set(labels)].sort()).toEqual(['event', 'method', 'moment', 'outcome', 'route', 'state', 'status']);
    });
  });

  describe('when the example alert rules (deploy/prometheus/alerts.yml) are read', () => {
    const document = parse(readFileSync(ALERTS, 'utf8')) as { groups?: { name?: unknown; rules?: Rule[] }[] };
    const rules = (document.groups ?? []).flatMap((g) => g.rules ?? []);

    it('should be a rules file: named groups of alerts with a parseable PromQL expression, a severity and a summary', () => {
      expect(document.groups?.length).toBeGreaterThan(0);
      expect(rules.length).toBeGreaterThanOrEqual(6);
      for (const group of document.groups ?? []) expect(typeof group.name).toBe('string');
      for (const rule of rules) {
        expect(rule.alert).toMatch(/^[A-Z][A-Za-z0-9]+$/);
        expect(typeof rule.expr).toBe('string');
        expect({ alert: rule.alert, errors: selectorsOf(String(rule.expr)).errors }).toEqual({ alert: rule.alert, errors: 0 });
        if (rule.for !== undefined) expect(rule.for).toMatch(/^\d+[smhd]$/);
        expect(['critical', 'warning', 'info']).toContain(rule.labels?.['severity']);
        expect(typeof rule.annotations?.['summary']).toBe('string');
      }
      expect(new Set(rules.map((r) => r.alert)).size).toBe(rules.length);
    });

    it('should name only metrics the service exposes, with labels they have', async () => {
      const { registry } = serviceMetrics({});
      const known = new Map((await describe_(registry)).map((m) => [m.name, m]));
      const unknown: string[] = [];
      for (const rule of rules) {
        const { selectors } = selectorsOf(String(rule.expr));
        expect(selectors.length).toBeGreaterThan(0);
        for (const { metric, labels } of selectors) {
          const described = baseOf(metric, known);
          if (!described) unknown.push(`${String(rule.alert)}: ${metric}`);
          for (const label of labels) {
            if (described && !described.labelNames.includes(label) && !(label === 'le' && described.type === 'histogram')) unknown.push(`${String(rule.alert)}: ${metric}{${label}}`);
          }
        }
      }
      expect(unknown).toEqual([]);
    });

    it('should catch an expression that does not parse and a metric that does not exist (the checks can fail)', async () => {
      expect(selectorsOf('sum(rate(webhook_deliveries_total[5m]) >').errors).toBeGreaterThan(0);
      const { registry } = serviceMetrics({});
      const known = new Map((await describe_(registry)).map((m) => [m.name, m]));
      expect(baseOf('webhook_deliveries_failed_total', known)).toBeUndefined();
      expect(baseOf('webhook_event_to_delivery_seconds_bucket', known)?.name).toBe('webhook_event_to_delivery_seconds');
    });
  });
});
