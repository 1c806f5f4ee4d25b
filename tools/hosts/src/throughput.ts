import { readFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { killAll, reportActivity, uid, until, user } from '@webhooks/test-kit';
import type { ProjectFixture } from '@webhooks/test-kit';
import { Cluster, cpuSeconds, hostCpuSeconds } from './cluster.js';
import { writeFigures } from './figures.js';

/**
 * Throughput with 1, 2 and 4 worker hosts (`npm run bench:hosts`, `--activities=<n>` per round,
 * default 1200 × 5 webhooks = 6000 deliveries): the deliveries of a round are queued through the
 * api host and held (due tomorrow), the workers started on their hosts and ready, then all made
 * due at once; the drain is timed until none is pending, and the CPU each host's processes used
 * meanwhile is read from /proc. Writes `results/throughput.json`; `npm run report -w @webhooks/hosts`
 * puts it in RELIABILITY.md.
 */
const HOOKS = 5;
const ROUNDS = [1, 2, 4] as const;
const activities = Number(process.argv.find((a) => a.startsWith('--activities='))?.split('=')[1] ?? '1200');

async function ingest(project: ProjectFixture, count: number, concurrency: number): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) {
        next += 1;
        const answer = await reportActivity(project, { type: 'registered', user: user(uid('u')) });
        if (answer.status !== 202) throw new Error(`report: ${answer.status} ${JSON.stringify(answer.body)}`);
      }
    }),
  );
}

/** CPU seconds every core of the machine spent busy so far (/proc/stat: all but idle and iowait), whoever used them. */
function machineBusySeconds(): number {
  const [, ...ticks] = (readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '').trim().split(/\s+/).map(Number);
  const total = ticks.slice(0, 8).reduce((s, t) => s + t, 0);
  return (total - (ticks[3] ?? 0) - (ticks[4] ?? 0)) / 100;
}

const pending = async (c: Cluster, projectId: string) => (await c.query<{ n: number }>(`select count(*)::int as n from deliveries where project_id = $1 and status = 'pending'`, [projectId]))[0]?.n ?? -1;

async function round(c: Cluster, workers: number): Promise<Record<string, unknown>> {
  const { project } = await c.project(HOOKS);
  await ingest(project, activities, 32);
  await c.query(`update deliveries set next_attempt_at = now() + interval '1 day' where project_id = $1 and status = 'pending'`, [project.id]);
  const started = await Promise.all(Array.from({ length: workers }, (_, i) => c.startWorker(i)));
  await new Promise((r) => setTimeout(r, 1_000));
  const postmaster = c.postgres.process.pid;
  const cpu = () => ({
    workers: started.reduce((sum, w) => sum + cpuSeconds(w.process.pid), 0),
    api: cpuSeconds(c.api.process.pid),
    postgres: hostCpuSeconds(c.net, c.postgres.host, postmaster),
    receiver: cpuSeconds(c.receiver.process.pid),
  });
  const machineBefore = machineBusySeconds();
  const load = loadavg()[0] ?? 0;
  const before = cpu();
  const t0 = performance.now();
  await c.query(`with due as (update deliveries set next_attempt_at = now() where project_id = $1 and status = 'pending' returning 1) select pg_notify('webhooks_work', '') from (select count(*) from due) n`, [project.id]);
  await until(async () => (await pending(c, project.id)) === 0, `the drain with ${workers} worker host(s)`, 600_000, 50);
  const seconds = (performance.now() - t0) / 1000;
  const after = cpu();
  const machine = Number(((machineBusySeconds() - machineBefore) / seconds).toFixed(2));
  await Promise.all(started.map((w) => c.stopWorker(w)));
  const deliveries = activities * HOOKS;
  const used = Object.fromEntries(Object.entries(after).map(([k, v]) => [k, v - before[k as keyof typeof before]])) as typeof before;
  const perDeliveryUs = Object.fromEntries(Object.entries(used).map(([k, v]) => [k, Math.round((v / deliveries) * 1e6)]));
  const coresBusy = Object.fromEntries(Object.entries(used).map(([k, v]) => [k, Number((v / seconds).toFixed(2))]));
  const result = { workers, deliveries, seconds: Number(seconds.toFixed(2)), perSecond: Math.round(deliveries / seconds), cpuSeconds: used, perDeliveryUs, coresBusy, machineCoresBusy: machine, loadBefore: Number(load.toFixed(1)) };
  process.stdout.write(`${JSON.stringify(result)}\n`);
  return result;
}

const startedAt = Date.now();
const cluster = await Cluster.start({ workerHosts: Math.max(...ROUNDS), workerEnv: { LOG_LEVEL: 'warn', WORKER_POLL_MS: '200' } }).catch((error: unknown) => {
  process.stderr.write(`${String(error)}\n`);
  process.exit(1);
});
try {
  const rounds = [];
  for (const workers of ROUNDS) rounds.push(await round(cluster, workers));
  // What the rounds left on disk, per delivery (each with its event, attempt and activity, indexes included).
  const [size] = await cluster.query<{ deliveries: number; bytes: string }>(
    `select (select count(*) from deliveries)::int as deliveries,
            (select sum(pg_total_relation_size(t::regclass)) from unnest(array['deliveries', 'events', 'attempts', 'activities']) t)::text as bytes`,
  );
  const bytesPerDelivery = size ? Math.round(Number(size.bytes) / size.deliveries) : 0;
  process.stdout.write(`${JSON.stringify({ bytesPerDelivery })}\n`);
  writeFigures('throughput', `npm run bench:hosts${activities === 1200 ? '' : ` -- --activities=${activities}`}`, startedAt, { activities, hooks: HOOKS, rounds, bytesPerDelivery }, availableParallelism());
} finally {
  await cluster.stop();
  killAll();
}
