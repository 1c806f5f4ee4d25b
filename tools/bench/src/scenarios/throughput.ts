import { fileURLToPath } from 'node:url';
import { Webhook } from 'standardwebhooks';
import { loginActivity, loginDeliveryBody, nowMs, timedId } from '../bodies.js';
import { apiUrl, noteNoise, profileWindow, sleep, type Bench } from '../context.js';
import { captureTemplate, postActivity } from '../infra/api-client.js';
import type { EventTemplate } from '../infra/database.js';
import { lastJsonLine, startSource, type TestProcess } from '@webhooks/test-kit';
import { CpuMeter, pidsNamed } from '../infra/procfs.js';
import { profileFlags, startWorkerProcess, stopService } from '../infra/service.js';
import { runClosed } from '../load/autocannon-run.js';
import { runPaced } from '../load/paced.js';
import type { ClientLoopOptions, ClientLoopResult } from '../procs/client-loop-protocol.js';
import { percentileCurve, perSecond, round, roundSummary, summarize, type LatencySummary } from '../report/stats.js';
import { PEER_BATCH, PEER_WORKERS, runPeer, type PeerRun } from './peer.js';

const CLIENT_LOOP = fileURLToPath(new URL('../procs/client-loop.ts', import.meta.url));
const SECTION = '1 delivery throughput';
const WORKERS_SECTION = '6 several workers';

/** The bare client loops: got and undici at the worker's concurrency, against the receiver. */
type LoopResult = ClientLoopResult & { readonly cpuPercentOfOneCore: Record<string, number> };

async function bareLoops(bench: Bench): Promise<Record<'got' | 'undici', LoopResult>> {
  const { sizes } = bench.options;
  const body = loginDeliveryBody('bare-loop', bench.project.projectId);
  const signed = new Webhook(bench.project.hookSecret).sign('msg_bare_loop', new Date(), body);
  const headers = {
    'content-type': 'application/json',
    'user-agent': 'webhooks/0.1',
    'webhook-id': 'msg_bare_loop',
    'webhook-timestamp': String(Math.floor(Date.now() / 1000)),
    'webhook-signature': signed,
  };
  const out: Partial<Record<'got' | 'undici', LoopResult>> = {};
  // Long enough for the JIT to settle whatever the mode: a short loop understates the ceiling.
  const count = Math.max(sizes.drainCount, 5000);
  for (const client of ['got', 'undici'] as const) {
    bench.log(`throughput: bare ${client} loop, ${count} requests at concurrency ${sizes.concurrency}`);
    await bench.receiver.reset('bare-loop');
    const options: ClientLoopOptions = {
      client,
      url: `${bench.receiver.origin}/hooks`,
      concurrency: sizes.concurrency,
      warmup: 2000,
      count,
      timeLimitMs: 60_000,
      body,
      headers,
    };
    const child = startSource(CLIENT_LOOP, [JSON.stringify(options)], { name: `loop-${client}`,
      cwd: bench.settings.root,
      nodeFlags: profileFlags(bench.settings.profileDir, `loop-${client}`),
    });
    const meter = new CpuMeter({ loop: [child.pid], receiver: [bench.receiver.child.pid], bench: [process.pid] }).start();
    const result = await lastJsonLine<ClientLoopResult>(child, 120_000);
    const cpu = meter.stop();
    noteNoise(bench, `bare ${client} loop`, cpu);
    bench.windows.push({ label: `bare ${client} loop`, process: child.name, fromUs: result.fromUs, toUs: result.toUs });
    if (result.errors > 0 || result.non2xx > 0) throw new Error(`bare ${client} loop: ${result.errors} errors, ${result.non2xx} non-2xx`);
    out[client] = { ...result, cpuPercentOfOneCore: cpu };
  }
  return out as Record<'got' | 'undici', LoopResult>;
}

/** Waits until `k` workers are blocked on their first claim behind the hold. */
async function workersBlocked(bench: Bench, workers: readonly TestProcess[], k: number): Promise<void> {
  const deadline = performance.now() + 90_000;
  while ((await bench.db.lockWaiters()) < k) {
    const dead = workers.find((w) => !w.alive);
    if (dead) throw new Error(`${dead.name} exited (${dead.exitCode}):\n${dead.tail()}`);
    if (performance.now() > deadline) throw new Error(`workers did not reach their first claim within 90 s`);
    await sleep(50);
  }
}

/**
 * One drain: N deliveries queued with no worker running — through the API (WORKER=false), or
 * with SQL copies of an event the service wrote — then `k` worker processes released at once.
 */
async function drain(bench: Bench, k: number, via: 'api' | EventTemplate): Promise<Record<string, unknown> & { rate: number; workerCpuUsPerDelivery: number }> {
  const { sizes } = bench.options;
  const n = sizes.drainCount;
  const api = apiUrl(bench);
  await bench.db.truncateWork();
  let queueRate: number | null = null;
  if (via === 'api') {
    bench.log(`drain ×${k}: queueing ${n} activities through the API (WORKER=false)`);
    let seq = 0;
    const queued = await runClosed({
      url: `${api}/v1/projects/${bench.project.projectId}/activities`,
      headers: { authorization: `Bearer ${bench.project.platformKey}`, 'content-type': 'application/json' },
      body: () => loginActivity(`q${k}-${seq++}`),
      connections: 32,
      amount: n,
      okStatus: [202],
    });
    if (queued.ok !== n) throw new Error(`queued ${queued.ok} of ${n} (${JSON.stringify(queued.statusCounts)})`);
    queueRate = round(queued.rate, 0);
  } else {
    bench.log(`drain ×${k}: queueing ${n} deliveries with SQL`);
    await bench.db.insertBacklog(n, via, bench.project.hookId, k);
  }
  const pending = await bench.db.pendingCount();
  if (pending !== n) throw new Error(`${pending} of ${n} pending after queueing`);

  await bench.receiver.reset(via === 'api' ? `q${k}-` : 'backlog-');
  const hold = await bench.db.hold();
  const workers: TestProcess[] = [];
  try {
    for (let i = 0; i < k; i++) workers.push(startWorkerProcess(bench.settings, `drain${k}-${i}`));
    await workersBlocked(bench, workers, k);
  } catch (error) {
    await hold.release();
    await Promise.all(workers.map((w) => w.stop(5_000)));
    throw error;
  }
  bench.log(`drain ×${k}: ${k} worker(s) waiting on their first claim; releasing`);
  const meter = new CpuMeter({
    workers: workers.map((w) => w.pid),
    api: bench.api ? [bench.api.child.pid] : [],
    receiver: [bench.receiver.child.pid],
    postgres: () => pidsNamed('postgres'),
    bench: [process.pid],
  }).start();
  const endWindow = profileWindow(bench, `drain ×${k}`, workers);
  const t0 = performance.now();
  const t0Wall = nowMs();
  await hold.release();
  const timeoutMs = Math.max(60_000, n * 20);
  const received = await bench.receiver.waitFor(n, timeoutMs);
  const tDone = await bench.db.waitNonePending(received.reached ? 30_000 : 1_000);
  const cpu = meter.stop();
  noteNoise(bench, `drain ×${k}`, cpu);
  endWindow();
  const stats = await bench.receiver.stats();
  await Promise.all(workers.map((w) => stopService(w)));
  const counts = await bench.db.statusCounts();
  if (!received.reached || tDone === null) throw new Error(`drain ×${k}: ${stats.count} of ${n} received; ${JSON.stringify(counts)}`);
  const ms = tDone - t0;
  // CPU the worker processes spent per delivery: what the drain would reach with a core of its own.
  const workerCpuUsPerDelivery = ((cpu['workers'] ?? 0) / 100) * ms * 1000 / n;
  const result = {
    workers: k,
    deliveries: n,
    queuedVia: via === 'api' ? 'api' : 'sql',
    queueRate,
    drainMs: round(ms, 1),
    rate: round(perSecond(n, ms), 1),
    receiptRate: round(perSecond(n, (stats.lastAt ?? t0Wall) - t0Wall), 1),
    firstReceiptMs: round((stats.firstAt ?? t0Wall) - t0Wall, 1),
    statuses: counts,
    received: stats.count,
    duplicates: stats.duplicates,
    signatures: { verified: stats.verified, failed: stats.verifyFailed, unsigned: stats.unsigned },
    cpuPercentOfOneCore: cpu,
    workerCpuUsPerDelivery: round(workerCpuUsPerDelivery, 1),
  };
  if ((counts['succeeded'] ?? 0) !== n || stats.verifyFailed > 0 || stats.unsigned > 0) {
    throw new Error(`drain ×${k}: not every delivery succeeded signed: ${JSON.stringify(result)}`);
  }
  bench.log(`drain ×${k}: ${result.rate}/s (receipts ${result.receiptRate}/s), cpu ${JSON.stringify(cpu)}`);
  return result;
}

/** Steady load: activities at a fixed rate through the API, one worker process delivering; ingest-to-receipt latency. */
async function steady(
  bench: Bench,
  worker: TestProcess,
  rate: number,
  tag: string,
): Promise<
  Record<string, unknown> & {
    targetRate: number;
    acceptedRate: number;
    overloaded: boolean;
    latencies: number[];
    acceptLatencies: number[];
    ingestToReceiptMs: LatencySummary;
    acceptLatencyMs: LatencySummary;
  }
> {
  const { sizes } = bench.options;
  const api = apiUrl(bench);
  await bench.db.truncateWork();
  const prefix = `st${Date.now().toString(36)}`;
  await bench.receiver.reset(`${prefix}-`);
  bench.log(`steady ${tag}: ${rate} activities/s for ${sizes.steadyMs / 1000} s`);
  const meter = new CpuMeter({
    worker: [worker.pid],
    api: bench.api ? [bench.api.child.pid] : [],
    receiver: [bench.receiver.child.pid],
    postgres: () => pidsNamed('postgres'),
    'load generator': [process.pid],
  }).start();
  const endWindow = profileWindow(bench, `steady ${tag}`, [worker, bench.api?.child]);
  const paced = await runPaced({
    url: `${api}/v1/projects/${bench.project.projectId}/activities`,
    headers: { authorization: `Bearer ${bench.project.platformKey}`, 'content-type': 'application/json' },
    ratePerSecond: rate,
    durationMs: sizes.steadyMs,
    connections: 64,
    body: (seq, due) => loginActivity(timedId(prefix, seq, due)),
    okStatus: [202],
    tailMs: sizes.steadyTailMs,
  });
  const received = await bench.receiver.waitFor(paced.ok, sizes.steadyTailMs);
  const givenUpAt = nowMs();
  const cpu = meter.stop();
  noteNoise(bench, `steady ${tag}`, cpu);
  endWindow();
  const stats = await bench.receiver.stats(true);
  // Accepted but not received by the end of the tail: count each at the least it waited, so
  // the percentiles stay lower bounds rather than the flattering figures of those that made it.
  const unreceived = Math.max(0, paced.ok - stats.count);
  const censored = Array.from({ length: unreceived }, () => givenUpAt - paced.lastDueAt);
  const latency = summarize([...stats.latencies, ...censored]);
  const result = {
    point: tag,
    targetRate: rate,
    sent: paced.sent,
    accepted: paced.ok,
    acceptedRate: round(paced.achievedRate, 1),
    rejected: paced.bad,
    errors: paced.errors,
    abandoned: paced.abandoned,
    unreceived,
    overloaded: paced.abandoned > 0 || unreceived > 0 || paced.achievedRate < rate * 0.95,
    generatorMaxLagMs: round(paced.maxLagMs, 1),
    received: stats.count,
    stragglersOfEarlierPhases: stats.foreign,
    allReceived: received.reached,
    acceptLatencyMs: roundSummary(summarize(paced.latencies)),
    ingestToReceiptMs: roundSummary(latency),
    signatures: { verified: stats.verified, failed: stats.verifyFailed },
    cpuPercentOfOneCore: cpu,
    latencies: [...stats.latencies, ...censored],
    acceptLatencies: paced.latencies,
  };
  bench.log(`steady ${tag}: ingest→receipt p50 ${round(latency.p50, 2)} ms, p99 ${round(latency.p99, 2)} ms, cpu ${JSON.stringify(cpu)}`);
  return result;
}

/** Section 1 (and 6 when asked): the client ceiling, the drain, the steady loads; the drain with 1, 2 and 4 workers. */
export async function runThroughput(bench: Bench, withWorkers: boolean, withThroughput: boolean): Promise<void> {
  const { sizes } = bench.options;
  const c = sizes.concurrency;
  const failed = (what: string, error: unknown) => {
    const message = error instanceof Error ? error.message : String(error);
    bench.log(`${what} failed: ${message}`);
    return message;
  };
  let loops: Record<'got' | 'undici', LoopResult> | null = null;
  let one: number | undefined;
  if (withThroughput) {
    loops = await bareLoops(bench);
    bench.shared.gotRate = loops.got.rate;
    bench.details['clientCeiling'] = loops;
    bench.figures.push(
      { section: SECTION, label: `bare got loop, c=${c}`, value: loops.got.rate, unit: '/s' },
      { section: SECTION, label: `bare undici loop, c=${c}`, value: loops.undici.rate, unit: '/s' },
    );
    let peer: PeerRun | null = null;
    try {
      peer = await runPeer(bench);
      bench.details['peer'] = peer;
    } catch (error) {
      bench.details['peer'] = { error: failed('peer', error) };
    }
    const peerLabel = `pg-boss${peer ? ` ${peer.version}` : ''} + got, ${PEER_WORKERS} workers, batches of ${PEER_BATCH}, c=${c}`;
    bench.figures.push({
      section: SECTION,
      label: `peer: ${peerLabel} (N=${sizes.drainCount})`,
      value: peer?.rate ?? null,
      unit: '/s',
      ceiling: { label: 'bare got', value: loops.got.rate },
    });
    let cpuUs: number | null = null;
    try {
      const d = await drain(bench, 1, 'api');
      bench.details['drain'] = d;
      one = d.rate;
      cpuUs = d.workerCpuUsPerDelivery;
    } catch (error) {
      bench.details['drain'] = { error: failed('drain', error) };
    }
    bench.figures.push({
      section: SECTION,
      label: `drain, 1 worker: queued via API → signed receipt → recorded (N=${sizes.drainCount})`,
      value: one ?? null,
      unit: '/s',
      ceiling: { label: 'bare got', value: loops.got.rate },
      target: { kind: 'min', value: 0.9, basis: 'ratio' },
    });
    bench.figures.push({
      section: SECTION,
      label: 'drain, 1 worker, beside the peer',
      value: one ?? null,
      unit: '/s',
      ceiling: { label: 'pg-boss peer', value: peer?.rate ?? null },
      target: { kind: 'min', value: 1, basis: 'ratio' },
    });
    // Other work on the machine takes CPU from one and not the other: CPU per delivery compares them fairly.
    bench.figures.push({
      section: SECTION,
      label: 'CPU per delivery, worker process (per request, bare got)',
      value: cpuUs,
      unit: 'µs',
      ceiling: { label: 'bare got', value: loops.got.cpuUsPerRequest },
      target: { kind: 'max', value: 1.2, basis: 'ratio' },
    });
    bench.figures.push({
      section: SECTION,
      label: 'CPU per delivery, peer process (per request, bare got)',
      value: peer?.cpuUsPerJob ?? null,
      unit: 'µs',
      ceiling: { label: 'bare got', value: loops.got.cpuUsPerRequest },
    });
  }

  if (withWorkers) {
    // One worker was measured above (queued through the API); more workers drain the same rows queued with SQL.
    const rates = new Map<number, number>();
    if (one !== undefined) rates.set(1, one);
    const runs: Record<string, unknown>[] = [];
    try {
      const template = await captureTemplate(bench);
      for (const k of sizes.workerCounts) {
        if (rates.has(k)) continue;
        try {
          const d = await drain(bench, k, template);
          runs.push(d);
          rates.set(k, d.rate);
        } catch (error) {
          runs.push({ workers: k, error: failed(`drain ×${k}`, error) });
        }
      }
    } catch (error) {
      runs.push({ error: failed('workers', error) });
    }
    bench.details['workers'] = runs;
    const base = rates.get(1) ?? null;
    for (const k of sizes.workerCounts) {
      bench.figures.push({
        section: WORKERS_SECTION,
        label: `drain, ${k} worker process${k > 1 ? 'es' : ''} (N=${sizes.drainCount}${k === 1 && withThroughput ? ', section 1' : ', queued via SQL'})`,
        value: rates.get(k) ?? null,
        unit: '/s',
        ceiling: k > 1 ? { label: '1 worker', value: base } : { label: 'bare got', value: bench.shared.gotRate ?? null },
      });
    }
    one ??= rates.get(1);
  }
  if (one !== undefined) bench.shared.drainRate = one;
}


/**
 * Section 1, steady load: activities at fixed rates through the API (50 % and 90 % of the drain
 * rate), one worker process delivering; and, when those exceed what the API ingests, one point at
 * half the measured ingest rate, where the latency is the service's and not a queue's.
 */
export async function runSteady(bench: Bench): Promise<void> {
  const { sizes } = bench.options;
  const drainRate = bench.shared.drainRate;
  if (drainRate === undefined) {
    bench.log('steady load skipped: no drain rate');
    return;
  }
  const points = sizes.steadyFractions.map((f) => ({ tag: `${Math.round(f * 100)} %`, label: `${Math.round(f * 100)} % of drain`, rate: Math.max(1, Math.round(drainRate * f)) }));
  const ingest = bench.shared.ingestRate;
  const lowest = Math.min(...points.map((p) => p.rate));
  if (ingest !== undefined && ingest * 0.5 < lowest) {
    points.push({ tag: '50 % of ingest', label: '50 % of ingest rate', rate: Math.max(1, Math.round(ingest * 0.5)) });
  }
  const results: Record<string, unknown>[] = [];
  // One worker process delivers every point; it is ready when a first delivery arrives.
  await bench.db.truncateWork();
  await bench.receiver.reset();
  const worker = startWorkerProcess(bench.settings, 'steady');
  try {
    const warmStatus = await postActivity(apiUrl(bench), bench.project, loginActivity(`steady-warm-${Date.now()}`));
    if (warmStatus !== 202) throw new Error(`warm-up activity: ${warmStatus}`);
    const warm = await bench.receiver.waitFor(1, 90_000);
    if (!warm.reached) throw new Error(`steady: the worker delivered nothing within 90 s:\n${worker.tail()}`);
  } catch (error) {
    await stopService(worker);
    throw error;
  }
  for (const point of points) {
    if (!worker.alive) {
      results.push({ point: point.tag, error: `the worker exited:\n${worker.tail()}` });
      continue;
    }
    try {
      const { latencies, acceptLatencies, ...s } = await steady(bench, worker, point.rate, point.tag);
      results.push(s);
      const mark = s.overloaded ? ' (overloaded: ≥)' : '';
      bench.figures.push(
        { section: SECTION, label: `steady ${point.label}: ${s.targetRate}/s offered, accepted`, value: s.acceptedRate, unit: '/s', ceiling: { label: 'offered', value: s.targetRate } },
        { section: SECTION, label: `steady ${point.tag}: ingest → receipt p50${mark}`, value: s.ingestToReceiptMs.p50, unit: 'ms' },
        { section: SECTION, label: `steady ${point.tag}: ingest → receipt p99${mark}`, value: s.ingestToReceiptMs.p99, unit: 'ms' },
        { section: SECTION, label: `steady ${point.tag}: 202 answer p99`, value: s.acceptLatencyMs.p99, unit: 'ms' },
      );
      bench.panels.push({
        title: `Steady load, ${point.label} (${s.targetRate}/s offered${s.overloaded ? ', overloaded' : ''})`,
        series: [
          { name: 'ingest → receipt', points: percentileCurve(latencies) },
          { name: '202 answer', points: percentileCurve(acceptLatencies) },
        ],
      });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      bench.log(`steady ${point.tag} failed: ${message}`);
      results.push({ point: point.tag, error: message });
      bench.figures.push({ section: SECTION, label: `steady ${point.tag}: ingest → receipt p50`, value: null, unit: 'ms' });
    }
  }
  await stopService(worker);
  bench.details['steady'] = results;
}
