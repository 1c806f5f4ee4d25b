import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { HostsFigures } from './figures.js';
import { readFigures } from './figures.js';

/**
 * Writes this tool's section of /RELIABILITY.md from `results/partitions.json` (`npm run
 * test:hosts`) and `results/throughput.json` (`npm run bench:hosts`): the lines between
 * `<!-- hosts:begin -->` and `<!-- hosts:end -->`, which the hardening report keeps as they are
 * when it rewrites the rest of the file. Run: `npm run report -w @webhooks/hosts`.
 */
const OUT = fileURLToPath(new URL('../../../RELIABILITY.md', import.meta.url));
/** Where `npm run bench` leaves its runs (`<date>[-quick|-partial].json`): the single-host drains to compare with. */
const BENCH_RESULTS = fileURLToPath(new URL('../../bench/results/', import.meta.url));
const BEGIN = '<!-- hosts:begin -->';
const END = '<!-- hosts:end -->';

type Figures = Record<string, unknown>;
const num = (value: unknown): number => (typeof value === 'number' ? value : 0);
const obj = (value: unknown): Figures => (typeof value === 'object' && value !== null ? (value as Figures) : {});
const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
const str = (value: unknown): string => (typeof value === 'string' ? value : '');
const fmt = (n: number): string => n.toLocaleString('en-US');
const counts = (value: unknown): string =>
  Object.entries(obj(value))
    .map(([k, v]) => `${k} × ${num(v)}`)
    .join(', ');

function partitions(run: HostsFigures | null): string[] {
  if (!run) return ['_No run of `npm run test:hosts` recorded yet._', ''];
  const w = obj(run.figures['workerCut']);
  const a = obj(run.figures['apiCut']);
  return [
    `Command: \`${run.command}\` (${(run.durationMs / 1000).toFixed(0)} s, Node ${run.node}, ${run.cores} cores). Each host is a network namespace joined to a bridge by a veth pair (10.201.<n>.0/24, names after a random run id): Postgres (a throwaway cluster of its own), the api (\`WORKER=false\`), a receiver (the test kit's, verifying every signature, answering after 40 ms), two worker hosts (\`WORKER_LEASE_MS=${num(w['leaseMs'])}\`, 16 sends in flight). A cut is \`ip link set <the bridge's end> down\`: packets are lost both ways, no connection is reset.`,
    '',
    '| figure | value |',
    '|---|---|',
    `| worker host cut mid-drain | cut for ${fmt(num(w['cutMs']))} ms (lease ${fmt(num(w['leaseMs']))} ms) with ${fmt(num(w['receivedAtCut']))} of ${fmt(num(w['expected']))} deliveries received; it held ${num(w['heldAtCut'])} leases, and ${num(w['stalledTransactions'])} of its sessions were caught inside a transaction (their row locks held until Postgres ends them: \`idle_in_transaction_session_timeout\`, 10 s) |`,
    `| the other worker takes over | all ${num(w['heldAtCut'])} delivered by it ${fmt(num(w['takenOverInMs']))} ms after the cut; ${num(w['heldDeliveredOnce'])} of ${num(w['heldAtCut'])} with exactly one attempt recorded, its own |`,
    `| the cut worker's late outcomes | refused: it had attempted ${num(w['heldAttemptedByCutWorker'])} of the held deliveries (${num(w['lateAttemptsLogged'])} attempts logged after the cut), none of them recorded; after healing it found ${num(w['heldFoundTakenOver'])} leases taken over and did not send those |`,
    `| the cut worker after healing | delivering again ${fmt(num(w['recoveredInMs']))} ms after the cable was back (${fmt(num(w['cutWorkerSucceededAfterHeal']))} deliveries), nothing restarted |`,
    `| receiver | ${fmt(num(w['expected']) - num(w['missing']))} of ${fmt(num(w['expected']))} at least once, ${num(w['unverified'])} unverified; duplicates ${num(w['extraSends'])} (at most the ${num(w['heldAtCut'])} held; ${num(w['duplicatesOutsideHeld'])} outside them) |`,
    `| api host cut mid-ingest | cut for ${fmt(num(a['cutMs']))} ms, 8 producers, ${fmt(num(a['reports']))} reports (client timeout ${fmt(num(a['clientTimeoutMs']))} ms): ${counts(a['answered'])} |`,
    `| answered 202 | ${fmt(num(a['acceptedWhole']))} of ${fmt(num(a['accepted']))} recorded whole (activity, event, ${5} deliveries) and delivered |`,
    `| answered otherwise | ${num(a['refused'])}: ${num(a['refusedWhole'])} recorded whole (committed, the answer lost), ${num(a['refusedAbsent'])} not at all, **${num(a['refusedHalf'])} half-recorded**; events without their activity ${num(a['orphanEvents'])}; reported again (same report) ${num(a['retriedAccepted'])} × 202 |`,
    `| delivered after the api cut | ${fmt(num(a['delivered']))} of ${fmt(num(a['deliveries']))}, duplicates ${num(a['duplicates'])} (no worker cut: must be 0) |`,
    '',
  ];
}

function throughput(run: HostsFigures | null): string[] {
  if (!run) return ['_No run of `npm run bench:hosts` recorded yet._', ''];
  const rounds = list(run.figures['rounds']).map(obj);
  const share = (r: Figures) => {
    const busy = obj(r['coresBusy']);
    const total = Object.values(busy).reduce<number>((s, v) => s + num(v), 0);
    const [top] = Object.entries(busy).sort(([, x], [, y]) => num(y) - num(x));
    return `${total.toFixed(2)} of ${run.cores} (most: ${top?.[0] ?? '?'} ${num(top?.[1]).toFixed(2)})`;
  };
  return [
    `Command: \`${run.command}\` (${(run.durationMs / 1000).toFixed(0)} s, Node ${run.node}, ${run.cores} cores shared with other work: the load average before each round is shown). Per round ${fmt(num(run.figures['activities']))} registrations × ${num(run.figures['hooks'])} webhooks are queued through the api host and held; the workers start on their hosts (default settings — 64 in flight, 16 per host — but a 200 ms poll), then every delivery is made due at once and the drain is timed until none is pending. CPU is read from /proc for each host's processes (Postgres: the postmaster, its backends and its waited-for children).`,
    '',
    '| worker hosts | deliveries | drain | deliveries/s | CPU µs per delivery: workers / Postgres / receiver | cores busy: workers / Postgres / receiver | these processes, cores busy | the whole machine, cores busy | load before |',
    '|---|---|---|---|---|---|---|---|---|',
    ...rounds.map((r) => {
      const us = obj(r['perDeliveryUs']);
      const busy = obj(r['coresBusy']);
      return `| ${num(r['workers'])} | ${fmt(num(r['deliveries']))} | ${num(r['seconds']).toFixed(1)} s | ${fmt(num(r['perSecond']))} | ${fmt(num(us['workers']))} / ${fmt(num(us['postgres']))} / ${fmt(num(us['receiver']))} | ${num(busy['workers']).toFixed(2)} / ${num(busy['postgres']).toFixed(2)} / ${num(busy['receiver']).toFixed(2)} | ${share(r)} | ${num(r['machineCoresBusy']).toFixed(2)} of ${run.cores} | ${num(r['loadBefore'])} |`;
    }),
    '',
    ...whatBinds(rounds, run.cores),
    ...singleHost(),
    `On disk after the rounds: ${fmt(num(run.figures['bytesPerDelivery']))} bytes per delivery (\`deliveries\`, \`events\`, \`attempts\` and \`activities\` with their indexes and TOAST, over the deliveries made; every attempt keeps the request it sent).`,
    '',
  ];
}

/** What bound the drain, from the rounds' CPU readings. */
function whatBinds(rounds: Figures[], cores: number): string[] {
  if (rounds.length === 0) return [];
  const machine = rounds.map((r) => num(r['machineCoresBusy']));
  const ours = rounds.map((r) => Object.values(obj(r['coresBusy'])).reduce<number>((s, v) => s + num(v), 0));
  const workerShare = rounds.map((r, i) => num(obj(r['coresBusy'])['workers']) / (ours[i] || 1));
  const range = (xs: number[], digits = 2) => `${Math.min(...xs).toFixed(digits)}–${Math.max(...xs).toFixed(digits)}`;
  const us = rounds.map((r) => num(obj(r['perDeliveryUs'])['workers']));
  const best = [...rounds].sort((a, b) => num(b['perSecond']) - num(a['perSecond']))[0];
  return [
    `What binds it: CPU. The machine's ${cores} cores were busy ${range(machine)} of ${cores} during the drains, while the service's processes (workers, api, Postgres, receiver) used ${range(ours)} of them — the rest went to other work on the machine, so the drains measure the share these processes got, not what the hosts could do. Of that share the workers took the most (${range(workerShare.map((x) => x * 100), 0)} %), then Postgres, then the receiver. More worker hosts on the same two cores add CPU per delivery (workers: ${us.map((u) => fmt(u)).join(' → ')} µs for ${rounds.map((r) => num(r['workers'])).join(' → ')} hosts: more processes claiming, polling and switching): the fastest drain had ${num(best?.['workers'])} worker host(s), ${fmt(num(best?.['perSecond']))}/s. Hosts add throughput where each brings cores of its own; here they share two.`,
    '',
  ];
}

/** The newest single-host drains of `npm run bench` (section 6), for comparison. */
function singleHost(): string[] {
  let files: string[] = [];
  try {
    files = readdirSync(BENCH_RESULTS)
      .filter((f) => f.endsWith('.json'))
      .sort()
      .reverse();
  } catch {
    return [];
  }
  for (const file of files) {
    let run: Figures;
    try {
      run = JSON.parse(readFileSync(`${BENCH_RESULTS}${file}`, 'utf8')) as Figures;
    } catch {
      continue;
    }
    const drains = list(run['figures']).map(obj).filter((f) => str(f['section']).startsWith('6 ') && str(f['label']).startsWith('drain'));
    if (drains.length === 0) continue;
    const load = list(obj(run['machineLoadBefore'])['loadavg']).map(num)[0] ?? 0;
    return [
      `Single host, for comparison (every process on one loopback, \`${str(run['command'])}\`, \`tools/bench/results/${file}\`, load ${load.toFixed(1)} before): ${drains.map((d) => `${str(d['label'])} ${fmt(Math.round(num(d['value'])))}/s`).join('; ')}.`,
      '',
    ];
  }
  return [];
}

const section = [
  BEGIN,
  '## Separate hosts (`tools/hosts`)',
  '',
  'The api and the workers as replicas on hosts of their own, reaching Postgres over a network that fails (`tools/hosts/src/partitions.spec.ts`, part of `npm test`; `npm run test:hosts` alone). Written by `npm run report -w @webhooks/hosts`; the hardening report keeps this section as it is.',
  '',
  ...partitions(readFigures('partitions')),
  '### Throughput with 1, 2 and 4 worker hosts (`tools/hosts/src/throughput.ts`)',
  '',
  ...throughput(readFigures('throughput')),
  END,
].join('\n');

const current = readFileSync(OUT, 'utf8');
const start = current.indexOf(BEGIN);
const end = current.indexOf(END);
const next =
  start >= 0 && end > start
    ? `${current.slice(0, start)}${section}${current.slice(end + END.length)}`
    : current.includes('\n## Bugs found')
      ? current.replace('\n## Bugs found', `\n${section}\n\n## Bugs found`)
      : `${current.trimEnd()}\n\n${section}\n`;
writeFileSync(OUT, next);
process.stdout.write(`wrote the hosts section of ${OUT}\n`);
