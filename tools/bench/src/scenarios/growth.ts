import { fileURLToPath } from 'node:url';
import { noteNoise, profileWindow, sleep, type Bench } from '../context.js';
import { captureTemplate } from '../infra/api-client.js';
import type { EventTemplate } from '../infra/database.js';
import { lastJsonLine, startSource } from '@webhooks/test-kit';
import { CpuMeter, pidsNamed, readProcStatus } from '../infra/procfs.js';
import { profileFlags, startApi, stopService } from '../infra/service.js';
import type { GrowthProbeOptions, GrowthProbeResult } from '../procs/growth-probe-protocol.js';
import { perSecond, round, roundSummary, summarize } from '../report/stats.js';

const PROBE = fileURLToPath(new URL('../procs/growth-probe.ts', import.meta.url));
const SECTION = '5 growth';

const sum = (xs: readonly number[]) => xs.reduce((s, x) => s + x, 0);
const label = (n: number) => (n >= 1_000_000 ? `${n / 1_000_000}M` : `${n / 1000}k`);

/** Tops the pending queue up to `size` with SQL; returns the insert time (ms) and how many were added. */
async function topUp(bench: Bench, size: number, template: EventTemplate, batch: { n: number }): Promise<{ added: number; ms: number }> {
  const pending = await bench.db.pendingCount();
  const added = Math.max(0, size - pending);
  if (added === 0) return { added, ms: 0 };
  batch.n += 1;
  const ms = await bench.db.insertBacklog(added, template, bench.project.hookId, batch.n);
  return { added, ms: round(ms, 0) };
}

/** The environment a service process gets, for the probe (it reads the same variables). */
function probeEnv(bench: Bench): NodeJS.ProcessEnv {
  return {
    PATH: process.env['PATH'],
    DATABASE_URL: bench.settings.databaseUrl,
    OPERATOR_TOKEN: bench.settings.operatorToken,
    ALLOW_HTTP_TARGETS: 'true',
    ALLOW_PRIVATE_TARGETS: 'true',
    LOG_LEVEL: 'warn',
    ...bench.settings.env,
  };
}

/**
 * Section 5: with 10k, 100k and 1M deliveries queued (inserted with SQL), the claim-and-complete
 * cost per delivery of the service's worker (timed batch by batch in a probe process), then the
 * real service (api with its worker) delivering a window at that depth: its rate and RSS.
 */
export async function runGrowth(bench: Bench): Promise<void> {
  const { sizes } = bench.options;
  await bench.db.truncateWork();
  // One activity through the API gives the template event every backlog row copies.
  const template = await captureTemplate(bench);

  const batch = { n: 0 };
  const rows: Record<string, unknown>[] = [];
  let base: number | null = null;
  for (const size of sizes.growthSizes) {
    bench.log(`growth ${label(size)}: queueing with SQL`);
    const insert = await topUp(bench, size, template, batch);
    const tables = await bench.db.queueSizes();
    bench.log(`growth ${label(size)}: +${insert.added} rows in ${insert.ms} ms; timing ${sizes.growthBatches} claim batches through the worker`);

    await bench.receiver.reset('backlog-');
    const options: GrowthProbeOptions = { batches: sizes.growthBatches };
    const probeChild = startSource(PROBE, [JSON.stringify(options)], { name: `growth-probe-${label(size)}`,
      cwd: bench.settings.root,
      env: probeEnv(bench),
      inheritEnv: false,
      nodeFlags: profileFlags(bench.settings.profileDir, `growth-probe-${label(size)}`),
    });
    const probe = await lastJsonLine<GrowthProbeResult>(probeChild, 180_000);
    const perDeliveryUs = (ms: readonly number[]) => round((sum(ms) / Math.max(1, probe.delivered)) * 1000, 1);
    const claimUs = perDeliveryUs(probe.claimMs);
    const completeUs = perDeliveryUs(probe.completeMs);
    const claimAndCompleteUs = round(claimUs + completeUs, 1);
    const batchUs = perDeliveryUs(probe.batchMs);

    // The real service at this depth: its delivery rate and memory.
    const refill = await topUp(bench, size, template, batch);
    await bench.receiver.reset('backlog-');
    bench.log(`growth ${label(size)}: the service (api with worker) delivers ${sizes.growthWindow}`);
    const api = await startApi(bench.settings, { worker: true, label: `growth-${label(size)}` });
    let peakRss = 0;
    const sampler = setInterval(() => {
      const rss = readProcStatus(api.child.pid).rssMB;
      if (Number.isFinite(rss)) peakRss = Math.max(peakRss, rss);
    }, 200);
    let service: Record<string, unknown>;
    try {
      const skip = Math.floor(sizes.growthWindow / 5);
      const first = await bench.receiver.waitFor(skip, 120_000);
      const endWindow = profileWindow(bench, `growth ${label(size)}`, [api.child]);
      const meter = new CpuMeter({ api: [api.child.pid], receiver: [bench.receiver.child.pid], postgres: () => pidsNamed('postgres'), bench: [process.pid] }).start();
      const last = await bench.receiver.waitFor(sizes.growthWindow, 120_000);
      endWindow();
      const cpu = meter.stop();
      noteNoise(bench, `growth ${label(size)}`, cpu);
      if (!first.reached || !last.reached) throw new Error(`growth ${label(size)}: the service delivered ${last.stats.count} of ${sizes.growthWindow}`);
      const t1 = first.stats.lastAt ?? 0;
      const t2 = last.stats.lastAt ?? 0;
      await sleep(300);
      const status = readProcStatus(api.child.pid);
      service = {
        rate: round(perSecond(sizes.growthWindow - skip, t2 - t1), 1),
        rssMB: round(status.rssMB, 1),
        peakRssMB: round(Math.max(peakRss, status.peakRssMB), 1),
        cpuPercentOfOneCore: cpu,
      };
    } finally {
      clearInterval(sampler);
      await stopService(api.child);
    }
    const row = {
      queued: size,
      insert,
      refill,
      tableSizesMB: tables,
      probe: {
        delivered: probe.delivered,
        succeeded: probe.succeeded,
        batches: probe.batches,
        claimUsPerDelivery: claimUs,
        completeUsPerDelivery: completeUs,
        claimAndCompleteUsPerDelivery: claimAndCompleteUs,
        batchUsPerDelivery: batchUs,
        claimMsPerBatch: roundSummary(summarize(probe.claimMs)),
        completeMsPerCall: roundSummary(summarize(probe.completeMs)),
        outcomesPerComplete: round(sum(probe.completedPerFlush) / Math.max(1, probe.completedPerFlush.length), 1),
        rssMB: round(probe.rssMB, 1),
      },
      service,
    };
    rows.push(row);
    bench.log(`growth ${label(size)}: claim ${claimUs} µs + complete ${completeUs} µs per delivery; service ${JSON.stringify(service)}`);
    base ??= claimAndCompleteUs;
    bench.figures.push(
      {
        section: SECTION,
        label: `${label(size)} queued: claim + complete per delivery`,
        value: claimAndCompleteUs,
        unit: 'µs',
        ...(size === sizes.growthSizes[0] ? {} : { ceiling: { label: `at ${label(sizes.growthSizes[0] ?? 0)}`, value: base }, target: { kind: 'max' as const, value: 1.2, basis: 'ratio' as const } }),
      },
      { section: SECTION, label: `${label(size)} queued: service delivery rate`, value: service['rate'] as number, unit: '/s' },
      { section: SECTION, label: `${label(size)} queued: service RSS (peak)`, value: service['peakRssMB'] as number, unit: 'MB', target: { kind: 'max', value: 300, basis: 'value' } },
    );
  }
  bench.details['growth'] = rows;
  // What is left would be delivered by the next service started: clear it.
  await bench.db.truncateWork();
}
