import type { RunFigures } from './support/figures.js';

/**
 * The parts of RELIABILITY.md for the scenarios of hostile receivers and subscribers, disagreeing
 * clocks, housekeeping and the embedded database's owner (`poison-body`, `poison-answer`,
 * `clock-skew`, `housekeeping`, `one-owner` suites), and the table that keeps duplicates under
 * kill -9 and Postgres restarts apart from runs where nothing was killed. `report.ts` places them.
 */
export const HOSTILE_PEER_SUITES = ['poison-body', 'poison-answer', 'clock-skew', 'housekeeping', 'one-owner'] as const;

type Runs = Readonly<Record<string, RunFigures | null | undefined>>;
type Figures = Record<string, unknown>;
const num = (value: unknown): number => (typeof value === 'number' ? value : 0);
const obj = (value: unknown): Figures => (typeof value === 'object' && value !== null ? (value as Figures) : {});
const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
const figuresOf = (runs: Runs, suite: string): Figures | null => (runs[suite] ? obj(runs[suite]?.figures) : null);
const counts = (value: unknown) =>
  Object.entries(obj(value))
    .map(([k, v]) => `${k} ${num(v)}`)
    .join(', ');
const latency = (value: unknown) => {
  const l = obj(value);
  return `p50 ${num(l['p50'])} ms, p95 ${num(l['p95'])} ms, max ${num(l['max'])} ms`;
};

/** Headline rows, one per scenario that ran. */
export function hostilePeersHeadline(runs: Runs): string[] {
  const rows: string[] = [];
  const body = figuresOf(runs, 'poison-body');
  if (body) {
    rows.push(`| poison bodies: deliveries recorded / duplicates / lost | ${num(body['recorded'])} of ${num(body['expectedDeliveries'])} / ${num(body['duplicates'])} / ${num(body['lost'])} (nothing killed: both must be 0) |`);
  }
  const answer = figuresOf(runs, 'poison-answer');
  if (answer) {
    const byAnswer = Object.values(obj(answer['byAnswer'])).map(obj);
    const calls = byAnswer.reduce((sum, a) => sum + num(a['calls']), 0);
    const ok = byAnswer.reduce((sum, a) => sum + num(obj(a['statuses'])['200']), 0);
    rows.push(`| poison answers: calls answered 200 with their decision / 5xx | ${ok} of ${calls} / ${num(answer['serverErrors'])} (must be 0) |`);
  }
  const skew = figuresOf(runs, 'clock-skew');
  if (skew) rows.push(`| clock skew (±2 min): leases taken from a live holder / retries early / late / duplicates | ${num(skew['overlapping'])} / ${num(skew['earlyRetries'])} / ${num(skew['lateRetries'])} / ${num(skew['duplicates'])} (all must be 0) |`);
  const house = figuresOf(runs, 'housekeeping');
  if (house) {
    const pruned = obj(house['pruned']);
    const health = obj(house['health']);
    rows.push(`| retention: rows past retention pruned under load / fresh deliveries meanwhile | ${num(pruned['deliveries'])} deliveries, ${num(pruned['activities'])} activity records / ${latency(house['freshLatencyWhilePruningMs'])} |`);
    rows.push(`| endpoint health: failing webhook disabled as \`failing\` / neighbours untouched | ${health['failingDisabled'] === true ? 'yes' : 'no'} / ${num(health['neighboursEnabled'])} of ${num(health['neighbours'])} |`);
  }
  const owner = figuresOf(runs, 'one-owner');
  if (owner) {
    const rivals = obj(owner['rivals']);
    rows.push(`| one owner of DATA_DIR: second processes refused naming the holder / start after kill -9 | ${num(rivals['namingHolder'])} of ${num(rivals['tried'])} / ${num(owner['restartAfterKillMs'])} ms, lost ${num(owner['lost'])} |`);
  }
  return rows;
}

/** A section per scenario that ran, then the duplicates table. */
export function hostilePeersDetails(runs: Runs): string[] {
  const lines: string[] = [];
  const body = figuresOf(runs, 'poison-body');
  if (body) {
    const projects = obj(body['projects']);
    lines.push(
      '### Poison response bodies (`src/poison-body.spec.ts`)',
      '',
      `The service as its own process. ${num(projects['poison'])} projects whose receivers answer what Postgres cannot store as it is — 2xx \`ok\\0\`, 2xx 4,095 × \`a\` then 😀 (the 4,096-character cut falls inside it), 500 \`down\\0\\0\` (retried twice, then failed) — and ${num(projects['healthy'])} healthy projects; ${num(body['loginsPerProject'])} logins each.`,
      '',
      ...Object.entries(obj(body['byKind'])).map(([kind, value]) => {
        const k = obj(value);
        return `- ${kind}: ${num(k['deliveries'])} deliveries (${counts(k['statuses'])}), ${num(k['receptions'])} requests received for ${num(k['distinct'])} events, ${num(k['attempts'])} attempts recorded, excerpts kept as ${list(k['excerpts']).map(String).join(', ') || '—'}; duplicates ${num(k['duplicates'])}`;
      }),
      `- healthy tenants, report to reception: ${latency(body['healthyLatencyMs'])}; everything recorded in ${num(body['drainMs'])} ms; service crashes ${num(body['crashes'])}`,
      '',
    );
  }
  const answer = figuresOf(runs, 'poison-answer');
  if (answer) {
    lines.push(
      '### Poison interactive answers (`src/poison-answer.spec.ts`)',
      '',
      `A \`form_preprocess\` subscriber answering each of these, ${num(answer['callsPerCase'])} calls under \`failurePolicy\` open and as many under closed, through the real API; each must answer 200 with the decision (open: proceed; closed: stop with the generic message) and the call be recorded (\`invalid_response\`).`,
      '',
      '| answer | calls | statuses | proceeded / stopped | recorded | reason |',
      '|---|---|---|---|---|---|',
      ...Object.entries(obj(answer['byAnswer'])).map(([name, value]) => {
        const a = obj(value);
        return `| ${name} | ${num(a['calls'])} | ${counts(a['statuses'])} | ${num(a['proceeded'])} / ${num(a['stopped'])} | ${num(a['recorded'])} | ${list(a['reasons']).filter((r): r is string => typeof r === 'string')[0]?.replace(/\|/g, '\\|') ?? ''} |`;
      }),
      '',
      `Call latency: ${latency(answer['latencyMs'])}; 5xx answers: ${num(answer['serverErrors'])}.`,
      '',
    );
  }
  const skew = figuresOf(runs, 'clock-skew');
  if (skew) {
    const gap = obj(skew['retryGapMs']);
    lines.push(
      '### Clocks that disagree (`src/clock-skew.spec.ts`)',
      '',
      `Three workers over one Postgres — on time, two minutes ahead, two minutes behind (their \`Clock\`) — send ${num(skew['events'])} events; each first attempt is answered 500 after 150 ms, the retry (due ${num(skew['retryDelayMs'])} ms ± 20 % later) 200.`,
      '',
      `- sent by: ${counts(skew['sentBy'])}; requests received ${num(skew['receptions'])}`,
      `- an event received while its previous request was still open (a lease taken from a live holder): ${num(skew['overlapping'])}`,
      `- retries early / late: ${num(skew['earlyRetries'])} / ${num(skew['lateRetries'])}; gap between the two attempts ${num(gap['min'])}–${num(gap['max'])} ms`,
      `- duplicates ${num(skew['duplicates'])}, lost ${num(skew['lost'])}; drained in ${num(skew['drainMs'])} ms`,
      '',
    );
  }
  const house = figuresOf(runs, 'housekeeping');
  if (house) {
    const pruned = obj(house['pruned']);
    const kept = obj(house['kept']);
    const health = obj(house['health']);
    lines.push(
      '### Retention and endpoint health (`src/housekeeping.spec.ts`)',
      '',
      `A database holding ${num(house['backlog'])} final deliveries (succeeded, failed, suppressed) with their events and attempts, and as many activity and interaction records, all 100 days old, plus 30 within retention (10 of them pending), is pruned by the worker as the service starts, while fresh logins are delivered.`,
      '',
      `- pruned: ${counts(pruned)}; kept: ${counts(kept)}; the backlog was gone ${num(house['prunedInMs'])} ms after the service answered`,
      `- fresh deliveries meanwhile, report to reception: ${latency(house['freshLatencyWhilePruningMs'])}`,
      `- endpoint health (allowance 0 hours): the failing webhook disabled as \`failing\` with \`failingSince\`: ${health['failingDisabled'] === true && health['failingSinceSet'] === true ? 'yes' : 'no'}; its later deliveries suppressed: ${num(health['suppressedAfter'])}; neighbours still enabled and healthy: ${num(health['neighboursEnabled'])} of ${num(health['neighbours'])}; their deliveries succeeded: ${num(health['healthySucceeded'])}`,
      '',
    );
  }
  const owner = figuresOf(runs, 'one-owner');
  if (owner) {
    const rivals = obj(owner['rivals']);
    lines.push(
      '### One owner of the embedded database (`src/one-owner.spec.ts`, soak only)',
      '',
      `The api on \`DATA_DIR\` as its own process, ${num(owner['activities'])} deliveries queued and in flight; ${num(rivals['tried'])} more processes on the same directory; then the holder is killed with SIGKILL after ${num(owner['killedAfterReceptions'])} receptions and the api started again.`,
      '',
      `- refused, naming the holder's pid: ${num(rivals['namingHolder'])} of ${num(rivals['tried'])} (exit after ${list(rivals['refusedInMs']).map((ms) => `${num(ms)} ms`).join(', ')}, mostly process start-up)`,
      `- after kill -9: the next start took the directory over and listened in ${num(owner['restartAfterKillMs'])} ms; data kept: ${owner['dataKept'] === true ? 'yes' : 'no'}; delivered ${num(owner['delivered'])}, lost ${num(owner['lost'])}, duplicates ${num(owner['duplicates'])} (sends in flight when it died)`,
      '',
    );
  }
  lines.push(...duplicatesTable(runs));
  return lines;
}

/** Duplicates by scenario: allowed (and counted) where something was killed, 0 required where nothing was. */
function duplicatesTable(runs: Runs): string[] {
  const rows: [string, string, number | null, number | null][] = [];
  const faults = figuresOf(runs, 'faults');
  if (faults) rows.push(['faults under load', 'Postgres restarted (fast and immediate)', num(obj(faults['load'])['delivered']), num(obj(faults['load'])['duplicates'])]);
  const owner = figuresOf(runs, 'one-owner');
  if (owner) rows.push(['one owner', 'the api holding DATA_DIR killed with SIGKILL', num(owner['delivered']), num(owner['duplicates'])]);
  const body = figuresOf(runs, 'poison-body');
  if (body) rows.push(['poison bodies', 'nothing', Object.values(obj(body['byKind'])).reduce<number>((sum, k) => sum + num(obj(k)['distinct']), 0), num(body['duplicates'])]);
  const skew = figuresOf(runs, 'clock-skew');
  if (skew) rows.push(['clock skew', 'nothing', num(skew['events']), num(skew['duplicates'])]);
  if (rows.length === 0) return [];
  return [
    '### Duplicates: under kill -9 and Postgres restarts, and where nothing was killed',
    '',
    'At least once allows a duplicate only for a send in flight when a process or the database went away; where nothing was killed, any duplicate is a bug.',
    '',
    '| scenario | killed | events delivered | duplicates | allowed |',
    '|---|---|---|---|---|',
    ...rows.map(([name, killed, delivered, duplicates]) => `| ${name} | ${killed} | ${delivered ?? '—'} | ${duplicates ?? '—'} | ${killed === 'nothing' ? 'no (must be 0)' : 'yes, counted'} |`),
    '',
  ];
}
