import { interactionBody, preprocessHookBody } from '../bodies.js';
import { apiUrl, noteNoise, profileWindow, type Bench } from '../context.js';
import { CpuMeter, pidsNamed } from '../infra/procfs.js';
import { runClosed, type ClosedResult } from '../load/autocannon-run.js';
import { percentileCurve, round, roundSummary, summarize } from '../report/stats.js';

const SECTION = '3 interactive overhead';

/** One preprocess through the service, checked: 200, proceed, and the hook answered (no failure). */
async function checkOnce(bench: Bench, url: string): Promise<void> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { authorization: `Bearer ${bench.project.platformKey}`, 'content-type': 'application/json' },
    body: interactionBody(`check-${Date.now()}`),
  });
  const text = await res.text();
  const decision = JSON.parse(text) as { proceed?: boolean; failures?: unknown[] };
  if (res.status !== 200 || decision.proceed !== true || (decision.failures ?? []).length > 0) {
    throw new Error(`preprocess check: ${res.status} ${text.slice(0, 300)}`);
  }
}

/** Section 3: `…/preprocess` through the service against calling the receiver directly, at each concurrency. */
export async function runInteractive(bench: Bench): Promise<void> {
  const { sizes } = bench.options;
  const api = apiUrl(bench);
  const { projectId, formId, platformKey } = bench.project;
  const serviceUrl = `${api}/v1/projects/${projectId}/forms/${formId}/preprocess`;
  await bench.db.truncateWork();
  await checkOnce(bench, serviceUrl);
  const results: Record<string, unknown> = {};
  for (const c of sizes.interactiveConcurrency) {
    const runs: Record<'service' | 'direct', ClosedResult | null> = { service: null, direct: null };
    const cpu: Record<string, Record<string, number>> = {};
    let hooksCalled = 0;
    for (const target of ['service', 'direct'] as const) {
      let seq = 0;
      const common =
        target === 'service'
          ? {
              url: serviceUrl,
              headers: { authorization: `Bearer ${platformKey}`, 'content-type': 'application/json' },
              body: () => interactionBody(`pp${c}-${seq++}`),
            }
          : {
              url: `${bench.receiver.origin}/interactive`,
              headers: { 'content-type': 'application/json' },
              body: () => preprocessHookBody(`dr${c}-${seq++}`, projectId),
            };
      bench.log(`interactive: ${target}, concurrency ${c}, ${sizes.interactiveS} s`);
      await runClosed({ ...common, connections: c, durationS: 1, okStatus: [200] });
      await bench.receiver.reset(target === 'service' ? `pp${c}-` : `dr${c}-`);
      const meter = new CpuMeter({
        api: bench.api ? [bench.api.child.pid] : [],
        receiver: [bench.receiver.child.pid],
        postgres: () => pidsNamed('postgres'),
        'load generator': [process.pid],
      }).start();
      const endWindow = profileWindow(bench, `interactive c=${c} ${target}`, target === 'service' ? [bench.api?.child] : []);
      const run = await runClosed({ ...common, connections: c, durationS: sizes.interactiveS, okStatus: [200] });
      endWindow();
      cpu[target] = meter.stop();
      noteNoise(bench, `interactive c=${c} ${target}`, cpu[target]);
      runs[target] = run;
      if (target === 'service') hooksCalled = (await bench.receiver.stats()).count;
    }
    const s = runs.service;
    const d = runs.direct;
    if (!s || !d) continue;
    const ss = summarize(s.latencies);
    const ds = summarize(d.latencies);
    results[`c${c}`] = {
      service: {
        calls: s.ok,
        other: s.bad,
        errors: s.errors,
        rate: round(s.rate, 1),
        latencyMs: roundSummary(ss),
        hooksCalled,
        apiCpuUsPerCall: round((((cpu['service']?.['api'] ?? 0) / 100) * s.elapsedMs * 1000) / Math.max(1, s.ok), 1),
        postgresCpuUsPerCall: round((((cpu['service']?.['postgres'] ?? 0) / 100) * s.elapsedMs * 1000) / Math.max(1, s.ok), 1),
      },
      direct: { calls: d.ok, other: d.bad, errors: d.errors, rate: round(d.rate, 1), latencyMs: roundSummary(ds) },
      addedMs: { p50: round(ss.p50 - ds.p50), p99: round(ss.p99 - ds.p99) },
      cpuPercentOfOneCore: cpu,
    };
    bench.log(`interactive c=${c}: service p50 ${round(ss.p50, 2)} / p99 ${round(ss.p99, 2)} ms, direct p50 ${round(ds.p50, 2)} / p99 ${round(ds.p99, 2)} ms`);
    if (s.ok > 0 && hooksCalled < s.ok) bench.log(`interactive c=${c}: warning: ${s.ok} calls but ${hooksCalled} hook calls arrived`);
    bench.figures.push(
      { section: SECTION, label: `c=${c}: p50 through the service`, value: ss.p50, unit: 'ms', ceiling: { label: 'direct', value: ds.p50 }, target: { kind: 'max', value: 2, basis: 'added' } },
      { section: SECTION, label: `c=${c}: p99 through the service`, value: ss.p99, unit: 'ms', ceiling: { label: 'direct', value: ds.p99 }, target: { kind: 'max', value: 10, basis: 'added' } },
      { section: SECTION, label: `c=${c}: calls per second`, value: s.rate, unit: '/s', ceiling: { label: 'direct', value: d.rate } },
      {
        section: SECTION,
        label: `c=${c}: CPU per call, api + Postgres`,
        value: (((cpu['service']?.['api'] ?? 0) + (cpu['service']?.['postgres'] ?? 0)) / 100) * ((s.elapsedMs * 1000) / Math.max(1, s.ok)),
        unit: 'µs',
      },
    );
    bench.panels.push({
      title: `Interactive preprocess at concurrency ${c}: through the service vs the receiver directly`,
      series: [
        { name: 'through the service', points: percentileCurve(s.latencies) },
        { name: 'receiver directly', points: percentileCurve(d.latencies) },
      ],
    });
  }
  bench.details['interactive'] = results;
}
