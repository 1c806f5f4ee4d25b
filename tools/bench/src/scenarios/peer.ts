import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { lastJsonLine, startSource } from '@webhooks/test-kit';
import { noteNoise, type Bench } from '../context.js';
import { CpuMeter, pidsNamed } from '../infra/procfs.js';
import { profileFlags } from '../infra/service.js';
import type { PeerOptions, PeerResult } from '../procs/peer-pgboss-protocol.js';
import { round } from '../report/stats.js';

const PEER = fileURLToPath(new URL('../procs/peer-pgboss.ts', import.meta.url));

/** The peer's tuning: several work loops, large batches, the worker's concurrency towards one host. */
export const PEER_WORKERS = 4;
export const PEER_BATCH = 500;

/** What the peer measured, with the CPU each process took meanwhile. */
export type PeerRun = PeerResult & { readonly received: number; readonly cpuPercentOfOneCore: Record<string, number> };

/**
 * The peer in the same run: pg-boss + got draining N signed login_success deliveries to the same
 * receiver, on the same Postgres (a schema of its own in the bench's database, dropped after).
 */
export async function runPeer(bench: Bench): Promise<PeerRun> {
  const { sizes } = bench.options;
  const n = sizes.drainCount;
  const schema = `pgboss_${randomBytes(4).toString('hex')}`;
  const prefix = 'peer-';
  const options: PeerOptions = {
    databaseUrl: bench.db.url,
    schema,
    url: `${bench.receiver.origin}/hooks`,
    projectId: bench.project.projectId,
    secret: bench.project.hookSecret,
    jobs: n,
    prefix,
    workers: PEER_WORKERS,
    batchSize: PEER_BATCH,
    concurrency: sizes.concurrency,
    poolSize: 10,
    timeLimitMs: Math.max(60_000, n * 20),
  };
  bench.log(`peer: pg-boss + got, ${n} jobs, ${PEER_WORKERS} workers, batches of ${PEER_BATCH}, c=${sizes.concurrency}`);
  await bench.receiver.reset(prefix);
  const child = startSource(PEER, [JSON.stringify(options)], { name: 'peer-pgboss', cwd: bench.settings.root, nodeFlags: profileFlags(bench.settings.profileDir, 'peer-pgboss') });
  try {
    const meter = new CpuMeter({ peer: [child.pid], receiver: [bench.receiver.child.pid], postgres: () => pidsNamed('postgres'), bench: [process.pid] }).start();
    const result = await lastJsonLine<PeerResult>(child, options.timeLimitMs + 120_000);
    const cpu = meter.stop();
    noteNoise(bench, 'peer', cpu);
    bench.windows.push({ label: 'peer (pg-boss)', process: child.name, fromUs: result.fromUs, toUs: result.toUs });
    const stats = await bench.receiver.stats();
    if (result.errors > 0 || result.non2xx > 0 || stats.count < n || stats.verifyFailed > 0) {
      throw new Error(`peer: ${result.errors} errors, ${result.non2xx} non-2xx, ${stats.count} of ${n} received, ${stats.verifyFailed} signatures refused`);
    }
    bench.log(`peer: ${round(result.rate, 1)}/s (pg-boss ${result.version}), cpu ${JSON.stringify(cpu)}`);
    return { ...result, received: stats.count, cpuPercentOfOneCore: cpu };
  } finally {
    await child.stop(5_000);
    // The peer drops its schema itself; a peer killed before that leaves it to this.
    await bench.db.query(`drop schema if exists ${schema} cascade`).catch(() => undefined);
  }
}
