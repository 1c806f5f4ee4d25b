import { fileURLToPath } from 'node:url';
import { loginActivity } from '../bodies.js';
import { apiUrl, noteNoise, profileWindow, type Bench } from '../context.js';
import { startSource } from '@webhooks/test-kit';
import { commitCeiling } from '../infra/pgbench.js';
import { CpuMeter, pidsNamed } from '../infra/procfs.js';
import { runClosed, type ClosedResult } from '../load/autocannon-run.js';
import { percentileCurve, round, roundSummary, summarize } from '../report/stats.js';

const KOA = fileURLToPath(new URL('../procs/koa-ceiling.ts', import.meta.url));
const SECTION = '2 ingest';

/** Warm-up, then a timed closed loop of login activities at `connections` callers. */
async function load(
  bench: Bench,
  origin: string,
  tag: string,
  meter: CpuMeter,
  profiled: { readonly name: string } | null = null,
): Promise<{ warm: ClosedResult; run: ClosedResult; cpu: Record<string, number> }> {
  const { sizes } = bench.options;
  let seq = 0;
  const base = {
    url: `${origin}/v1/projects/${bench.project.projectId}/activities`,
    headers: { authorization: `Bearer ${bench.project.platformKey}`, 'content-type': 'application/json' },
    body: () => loginActivity(`${tag}-${seq++}`),
    connections: sizes.ingestConnections,
    okStatus: [202],
  };
  const warm = await runClosed({ ...base, durationS: sizes.ingestWarmS });
  meter.start();
  const endWindow = profileWindow(bench, 'ingest', [profiled]);
  const run = await runClosed({ ...base, durationS: sizes.ingestS });
  endWindow();
  return { warm, run, cpu: meter.stop() };
}

/** CPU microseconds per answered request of each metered group. */
function cpuPerRequest(run: ClosedResult, cpu: Record<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [group, pct] of Object.entries(cpu)) {
    if (group === 'machine' || group === 'others') continue;
    out[group] = round(((pct / 100) * run.elapsedMs * 1000) / Math.max(1, run.ok), 1);
  }
  return out;
}

function describe(run: ClosedResult, cpu: Record<string, number>) {
  return {
    cpuUsPerRequest: cpuPerRequest(run, cpu),
    accepted: run.ok,
    other: run.bad,
    errors: run.errors,
    timeouts: run.timeouts,
    statusCounts: run.statusCounts,
    elapsedMs: round(run.elapsedMs, 0),
    rate: round(run.rate, 1),
    latencyMs: roundSummary(summarize(run.latencies)),
    cpuPercentOfOneCore: cpu,
  };
}

/** Section 2: activities accepted per second at 64 callers, beside a bare Koa route parsing the same body. */
export async function runIngest(bench: Bench): Promise<void> {
  const { sizes } = bench.options;
  const api = apiUrl(bench);
  await bench.db.truncateWork();
  bench.log(`ingest: service, ${sizes.ingestConnections} callers, ${sizes.ingestS} s (after ${sizes.ingestWarmS} s warm-up)`);
  const meter = new CpuMeter({ api: bench.api ? [bench.api.child.pid] : [], postgres: () => pidsNamed('postgres'), 'load generator': [process.pid] });
  const service = await load(bench, api, 'in', meter, bench.api?.child ?? null);
  const serviceCpu = service.cpu;
  noteNoise(bench, 'ingest', serviceCpu);
  const durable = await bench.db.scalar('select count(*) as n from activities');
  const acceptedTotal = service.warm.ok + service.run.ok;
  const serviceResult = { ...describe(service.run, serviceCpu), durableActivities: durable, acceptedInclWarmup: acceptedTotal };
  bench.shared.ingestRate = serviceResult.rate;
  if (durable < acceptedTotal) throw new Error(`ingest: ${acceptedTotal} accepted but ${durable} activities stored`);
  bench.log(`ingest: service ${serviceResult.rate}/s, p50 ${serviceResult.latencyMs.p50} ms, p99 ${serviceResult.latencyMs.p99} ms, cpu ${JSON.stringify(serviceCpu)}`);
  await bench.db.truncateWork();

  bench.log('ingest: bare Koa route (the ceiling)');
  const koa = startSource(KOA, [], { name: 'koa-ceiling', cwd: bench.settings.root });
  let koaResult: ReturnType<typeof describe> | null = null;
  let koaLatencies: number[] = [];
  try {
    const [, port] = await koa.waitForOutput(/^LISTENING (\d+)/m, 30_000);
    const origin = `http://127.0.0.1:${port}`;
    const k = await load(bench, origin, 'koa', new CpuMeter({ koa: [koa.pid], 'load generator': [process.pid] }));
    koaResult = describe(k.run, k.cpu);
    noteNoise(bench, 'ingest, bare Koa', k.cpu);
    koaLatencies = k.run.latencies;
    bench.log(`ingest: koa ${koaResult.rate}/s, p50 ${koaResult.latencyMs.p50} ms, p99 ${koaResult.latencyMs.p99} ms`);
  } finally {
    await koa.stop(5_000);
  }
  bench.log('ingest: Postgres commit ceiling (pgbench, the service pool size of 10 connections)');
  const commits = await commitCeiling(bench.db.url, (sql) => bench.db.query(sql), 10, bench.options.quick ? 1 : 4);
  bench.details['ingest'] = { service: serviceResult, koa: koaResult, commitCeiling: commits };
  const s = serviceResult;
  bench.figures.push(
    {
      section: SECTION,
      label: `accepted (202, durable), ${sizes.ingestConnections} callers`,
      value: s.rate,
      unit: '/s',
      ceiling: { label: 'bare Koa', value: koaResult?.rate ?? null },
      target: { kind: 'min', value: 5000, basis: 'value' },
    },
    { section: SECTION, label: 'p50', value: s.latencyMs.p50, unit: 'ms', ceiling: { label: 'bare Koa', value: koaResult?.latencyMs.p50 ?? null } },
    { section: SECTION, label: 'p99', value: s.latencyMs.p99, unit: 'ms', ceiling: { label: 'bare Koa', value: koaResult?.latencyMs.p99 ?? null } },
    {
      section: SECTION,
      label: 'CPU per activity, api process (per request, bare Koa)',
      value: s.cpuUsPerRequest['api'] ?? null,
      unit: 'µs',
      ceiling: { label: 'bare Koa', value: koaResult?.cpuUsPerRequest['koa'] ?? null },
    },
    { section: SECTION, label: 'CPU per activity, Postgres', value: s.cpuUsPerRequest['postgres'] ?? null, unit: 'µs' },
    {
      section: SECTION,
      label: 'Postgres alone, 10 conns: begin; insert; commit',
      value: commits.insertCommit,
      unit: '/s',
      ...(commits.insertCommit === null ? { note: 'pgbench not installed' } : {}),
    },
    { section: SECTION, label: 'Postgres alone, 10 conns: … with pg_notify in the transaction', value: commits.insertNotifyCommit, unit: '/s' },
  );
  bench.panels.push({
    title: `Ingest at ${sizes.ingestConnections} callers: POST …/activities → 202`,
    series: [
      { name: 'service', points: percentileCurve(service.run.latencies) },
      { name: 'bare Koa route', points: percentileCurve(koaLatencies) },
    ],
  });
}
