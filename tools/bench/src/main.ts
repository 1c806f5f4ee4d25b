/**
 * `npm run bench`: the webhook service's benchmarks against real Postgres. Starts the service as
 * real processes (apps/api, apps/worker) on a fresh `bench_<random>` database, a receiver in its
 * own process, loads them on 127.0.0.1 only, prints a table, writes results/<date>.json and a
 * latency chart (SVG), and drops the database.
 */
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomBytes } from 'node:crypto';
import { loadavg } from 'node:os';
import type { Bench, ProfiledWindow } from './context.js';
import { setUpProject } from './infra/api-client.js';
import { killAll } from '@webhooks/test-kit';
import { CpuMeter } from './infra/procfs.js';
import { BenchDatabase } from './infra/database.js';
import { describeMachine } from './infra/machine.js';
import { ReceiverHandle } from './infra/receiver-handle.js';
import { startApi, stopService, type ServiceSettings } from './infra/service.js';
import { parseOptions, SCENARIOS, USAGE, type Scenario } from './options.js';
import { summarizeProfile, type CpuProfile } from './report/cpu-profile.js';
import { latencyChart } from './report/svg.js';
import { renderMarkdown, renderTable, verdictOf } from './report/table.js';
import { runGrowth } from './scenarios/growth.js';
import { runIngest } from './scenarios/ingest.js';
import { runInteractive } from './scenarios/interactive.js';
import { runSteady, runThroughput } from './scenarios/throughput.js';
import { runQueue } from './scenarios/queue.js';
import { runWakeup } from './scenarios/wakeup.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(HERE, '../../..');
const RESULTS = resolve(HERE, '../results');

async function main(): Promise<number> {
  const argv = process.argv.slice(2);
  let options: ReturnType<typeof parseOptions>;
  try {
    options = parseOptions(argv, process.env);
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n\n${USAGE}\n`);
    return 2;
  }
  if (options === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const started = performance.now();
  const startedAt = new Date();
  const log = (message: string) => process.stderr.write(`[${((performance.now() - started) / 1000).toFixed(1).padStart(6)} s] ${message}\n`);
  const budgetMs = options.quick ? 5 * 60_000 : 45 * 60_000;
  const watchdog = setTimeout(() => {
    log(`the run passed its ${budgetMs / 60_000} min bound: stopping`);
    killAll();
    void cleanup().finally(() => process.exit(2));
  }, budgetMs);
  watchdog.unref();

  const profileDir = options.profile ? join(RESULTS, 'profiles', startedAt.toISOString().replace(/[:.]/g, '-')) : null;
  if (profileDir) mkdirSync(profileDir, { recursive: true });

  let db: BenchDatabase | null = null;
  let receiver: ReceiverHandle | null = null;
  let bench: Bench | null = null;
  let cleaned = false;
  const cleanup = async () => {
    if (cleaned) return;
    cleaned = true;
    if (bench?.api) await stopService(bench.api.child).catch(() => undefined);
    await receiver?.stop().catch(() => undefined);
    killAll();
    if (db && !options.keepDatabase) {
      await db.drop().catch((error: unknown) => log(`could not drop ${db?.name}: ${String(error)}`));
      log(`dropped ${db.name}`);
    } else if (db) {
      await db.close();
      log(`kept ${db.name}`);
    }
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      log(`${signal}: stopping`);
      killAll();
      void cleanup().finally(() => process.exit(130));
    });
  }

  const errors: Record<string, string> = {};
  // Other work on the machine skews every figure: measure it before starting, and say so.
  const quiet = new CpuMeter({});
  quiet.start();
  await new Promise((r) => setTimeout(r, options.quick ? 1000 : 2000));
  const before = { busyPercentOfOneCore: quiet.stop()['machine'] ?? Number.NaN, loadavg: loadavg().map((l) => Math.round(l * 100) / 100) };
  log(`machine before the run: ${before.busyPercentOfOneCore} % of one core busy, load average ${before.loadavg.join(' ')}`);
  if (before.busyPercentOfOneCore > 30) log('warning: the machine is busy with other work; the figures will be low and noisy');
  try {
    db = await BenchDatabase.create(options.serverUrl);
    log(`database ${db.name} created`);
    const statements = await db.statStatementsLoaded();
    receiver = await ReceiverHandle.start(ROOT);
    const settings: ServiceSettings = {
      root: ROOT,
      databaseUrl: db.url,
      operatorToken: `op_bench_${randomBytes(16).toString('hex')}`,
      env: {
        WORKER_CONCURRENCY: '64',
        WORKER_PER_HOST_CONCURRENCY: String(options.sizes.concurrency),
        WORKER_BATCH_SIZE: '100',
        WORKER_POLL_MS: '1000',
      },
      profileDir,
    };
    log('starting the api (WORKER=false); it migrates the database');
    const api = await startApi(settings, { worker: false, label: 'main' });
    const project = await setUpProject(api.url, settings.operatorToken, receiver.origin);
    await receiver.setSecrets([project.hookSecret, project.interactiveSecret]);
    bench = { options, settings, db, receiver, project, api, log, figures: [], panels: [], details: {}, shared: {}, windows: [], noise: {} };
    if (statements) await db.resetStatements();

    const run = async (name: Scenario | 'throughput+workers' | 'steady', fn: () => Promise<void>) => {
      const t = performance.now();
      try {
        await fn();
      } catch (error) {
        errors[name] = error instanceof Error ? (error.stack ?? error.message) : String(error);
        log(`${name} failed: ${error instanceof Error ? error.message : String(error)}`);
      }
      (bench as Bench).details[`${name}Seconds`] = Math.round((performance.now() - t) / 100) / 10;
    };
    const b = bench;
    const has = (s: Scenario) => options.only.has(s);
    if (has('throughput') || has('workers')) await run('throughput+workers', () => runThroughput(b, has('workers'), has('throughput')));
    if (has('ingest')) await run('ingest', () => runIngest(b));
    if (has('throughput')) await run('steady', () => runSteady(b));
    if (has('interactive')) await run('interactive', () => runInteractive(b));
    if (has('growth')) await run('growth', () => runGrowth(b));
    await stopService(api.child);
    b.api = null;
    if (has('wakeup')) await run('wakeup', () => runWakeup(b));
    if (has('queue')) await run('queue', () => runQueue(b));

    if (statements) b.details['topStatements'] = await db.topStatements(12);
    else b.details['topStatements'] = 'pg_stat_statements is not in shared_preload_libraries on this server (loading it needs a restart of the shared server)';
    const machine = await describeMachine(db);
    await cleanup();

    const profiles = profileDir ? summarizeProfiles(profileDir, b.windows) : null;
    const durationS = Math.round((performance.now() - started) / 1000);
    const command = `npm run bench${argv.length > 0 ? ` -- ${argv.join(' ')}` : ''}`;
    // Scenarios run in the order that shares processes best; the table follows the issue's numbering.
    const order = (section: string) => Number.parseInt(section, 10) || 99;
    b.figures.sort((x, y) => order(x.section) - order(y.section));
    const table = renderTable(b.figures);
    const out = [
      '',
      `Webhook service benchmarks (${options.quick ? 'quick' : 'full'}), ${startedAt.toISOString()}, ${durationS} s`,
      `Machine: ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGB} GB; ${machine.os}; Node ${machine.node}; ${(machine.postgres['version'] ?? '').split(' on ')[0]}`,
      `Command: ${command}`,
      `Machine load before the run: ${before.busyPercentOfOneCore} % of one core busy, load average ${before.loadavg.join(' ')}${before.busyPercentOfOneCore > 30 ? ' — BUSY: figures disturbed by other work' : ''}`,
      '',
      table,
      '',
    ];
    const noise = Object.entries(b.noise);
    if (noise.length > 0) {
      out.push(`Other work on the machine during each measurement (% of one core; 200 = the whole machine):`);
      out.push(`  ${noise.map(([label, v]) => `${label} ${Math.round(v)}`).join(', ')}`, '');
    }
    if (Object.keys(errors).length > 0) out.push(`Failed scenarios: ${Object.keys(errors).join(', ')} (see the JSON)`, '');
    if (profiles) {
      out.push('Where the service processes spent CPU in each measured phase (--cpu-prof, self time):');
      for (const [name, p] of Object.entries(profiles)) {
        out.push(`  ${name}: busy ${p.totalMs - p.idleMs} ms of ${p.totalMs} ms`);
        out.push(`    by area: ${p.areas.slice(0, 8).map((a) => `${a.name} ${a.percent} %`).join(', ')}`);
        out.push(`    top:     ${p.functions.slice(0, 6).map((a) => `${a.name} ${a.percent} %`).join(', ')}`);
      }
      out.push('');
    }
    process.stdout.write(out.join('\n'));

    mkdirSync(RESULTS, { recursive: true });
    const stamp = startedAt.toISOString().slice(0, 16).replace(':', '-');
    // A quick, profiled or partial run is written beside the full one, never over it.
    const partial = SCENARIOS.some((name) => !options.only.has(name));
    const suffix = `${options.quick ? '-quick' : ''}${options.profile ? '-profile' : ''}${partial ? '-partial' : ''}`;
    const jsonPath = join(RESULTS, `${stamp}${suffix}.json`);
    const svgPath = join(RESULTS, `latency${suffix}.svg`);
    writeFileSync(
      jsonPath,
      `${JSON.stringify(
        {
          command,
          mode: options.quick ? 'quick' : 'full',
          startedAt: startedAt.toISOString(),
          durationS,
          machine,
          machineLoadBefore: before,
          sizes: options.sizes,
          serviceEnv: settings.env,
          figures: b.figures.map((f) => ({ ...f, verdict: verdictOf(f) })),
          table,
          markdown: renderMarkdown(b.figures),
          details: b.details,
          otherWorkPercentOfOneCore: b.noise,
          profiles,
          errors,
        },
        null,
        2,
      )}\n`,
    );
    writeFileSync(svgPath, latencyChart(`Webhook service latency distributions (${options.quick ? 'quick' : 'full'}${options.profile ? ', profiled' : ''} run, ${startedAt.toISOString().slice(0, 10)})`, b.panels));
    process.stdout.write(`Wrote ${relative(jsonPath)} and ${relative(svgPath)}\n`);
    return Object.keys(errors).length > 0 ? 1 : 0;
  } catch (error) {
    log(`failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    return 1;
  } finally {
    clearTimeout(watchdog);
    await cleanup();
  }
}

function relative(path: string): string {
  return path.startsWith(`${ROOT}/`) ? path.slice(ROOT.length + 1) : path;
}

/**
 * Summaries of the profiles the service processes wrote (one folder each, one file per thread):
 * for every measured phase, the samples its processes took in it, main thread only (the busiest
 * in the phase; tsx's loader thread only resolves modules at start).
 */
function summarizeProfiles(dir: string, windows: readonly ProfiledWindow[]): Record<string, ReturnType<typeof summarizeProfile>> {
  const out: Record<string, ReturnType<typeof summarizeProfile>> = {};
  const cache = new Map<string, CpuProfile[]>();
  const profilesOf = (name: string): CpuProfile[] => {
    let list = cache.get(name);
    if (!list) {
      list = [];
      try {
        for (const file of readdirSync(join(dir, name)).filter((f) => f.endsWith('.cpuprofile'))) {
          try {
            list.push(JSON.parse(readFileSync(join(dir, name, file), 'utf8')) as CpuProfile);
          } catch {
            // A profile cut short by a kill is not JSON.
          }
        }
      } catch {
        // No folder: the process did not run with --cpu-prof.
      }
      cache.set(name, list);
    }
    return list;
  };
  for (const w of windows) {
    let best: ReturnType<typeof summarizeProfile> | null = null;
    for (const profile of profilesOf(w.process)) {
      const s = summarizeProfile(profile, 25, w);
      if (!best || s.totalMs - s.idleMs > best.totalMs - best.idleMs) best = s;
    }
    if (best && best.totalMs > 0) out[`${w.label} — ${w.process}`] = best;
  }
  return out;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    killAll();
    process.exit(1);
  },
);
