import { loginActivity, nowMs, timedId } from '../bodies.js';
import { noteNoise, profileWindow, sleep, type Bench } from '../context.js';
import { CpuMeter, pidsNamed } from '../infra/procfs.js';
import { postActivity } from '../infra/api-client.js';
import { startApi, stopService } from '../infra/service.js';
import { percentileCurve, round, roundSummary, summarize } from '../report/stats.js';

const SECTION = '4 idle wake-up';

/** Section 4: one activity into an idle service (api with its worker inside) → receipt, many times. */
export async function runWakeup(bench: Bench): Promise<void> {
  const { sizes } = bench.options;
  await bench.db.truncateWork();
  bench.log('wake-up: starting the api with its worker inside (WORKER=true)');
  const api = await startApi(bench.settings, { worker: true, label: 'wakeup' });
  try {
    // Three untimed rounds warm the connections and the code paths.
    await bench.receiver.reset();
    for (let i = 0; i < 3; i++) {
      await postActivity(api.url, bench.project, loginActivity(`wake-warm-${i}`));
      const r = await bench.receiver.waitFor(i + 1, 30_000);
      if (!r.reached) throw new Error(`wake-up warm-up: no delivery within 30 s:\n${api.child.tail()}`);
    }
    await bench.receiver.reset('wake-');
    bench.log(`wake-up: ${sizes.wakeTries} tries, each after 100–200 ms idle`);
    const accept: number[] = [];
    let missed = 0;
    const endWindow = profileWindow(bench, 'wake-up', [api.child]);
    const meter = new CpuMeter({ api: [api.child.pid], receiver: [bench.receiver.child.pid], postgres: () => pidsNamed('postgres'), bench: [process.pid] }).start();
    for (let i = 0; i < sizes.wakeTries; i++) {
      // Idle long enough for the worker to be back waiting on the signal.
      await sleep(100 + Math.random() * 100);
      const sentAt = nowMs();
      const status = await postActivity(api.url, bench.project, loginActivity(timedId('wake', i, sentAt)));
      accept.push(nowMs() - sentAt);
      if (status !== 202) throw new Error(`wake-up: activity answered ${status}`);
      const r = await bench.receiver.waitFor(i + 1 - missed, 5_000);
      if (!r.reached) missed += 1;
    }
    endWindow();
    const cpu = meter.stop();
    noteNoise(bench, 'wake-up', cpu);
    const stats = await bench.receiver.stats(true);
    const latency = summarize(stats.latencies);
    bench.details['wakeup'] = {
      tries: sizes.wakeTries,
      received: stats.count,
      missedWithin5s: missed,
      activityToReceiptMs: roundSummary(latency),
      acceptMs: roundSummary(summarize(accept)),
      signatures: { verified: stats.verified, failed: stats.verifyFailed },
      cpuPercentOfOneCore: cpu,
    };
    bench.log(`wake-up: p50 ${round(latency.p50, 2)} ms, p99 ${round(latency.p99, 2)} ms, max ${round(latency.max, 2)} ms`);
    bench.figures.push(
      { section: SECTION, label: `activity → receipt p50 of ${sizes.wakeTries}`, value: latency.p50, unit: 'ms', target: { kind: 'max', value: 50, basis: 'value' } },
      { section: SECTION, label: `activity → receipt max`, value: latency.max, unit: 'ms' },
      { section: SECTION, label: `of which the 202 answer, p50`, value: summarize(accept).p50, unit: 'ms' },
    );
    bench.panels.push({
      title: `Idle wake-up: one activity into an idle service → receipt (${sizes.wakeTries} tries)`,
      series: [
        { name: 'activity → receipt', points: percentileCurve(stats.latencies) },
        { name: '202 answer', points: percentileCurve(accept) },
      ],
    });
  } finally {
    await stopService(api.child);
  }
}
