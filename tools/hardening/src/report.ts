import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { HOSTILE_PEER_SUITES, hostilePeersDetails, hostilePeersHeadline } from './hostile-peers.report.js';
import { KNOWN_BUGS } from './known-bugs.js';
import { slowHostDetails, slowHostHeadline } from './slow-host.report.js';
import type { RunFigures } from './support/figures.js';
import { RESULTS_DIR } from './support/figures.js';

/**
 * Writes RELIABILITY.md at the workspace root from the figures the suites left in `results/`
 * (`<suite>.json` from the CI size, `<suite>.soak.json` from `npm run soak`). Run it after either:
 * `npm run report -w @webhooks/hardening`.
 */
const OUT = fileURLToPath(new URL('../../../RELIABILITY.md', import.meta.url));
const SUITES = ['bad-input', 'access-control', 'faults', 'secrets', ...HOSTILE_PEER_SUITES, 'slow-host'] as const;

type Figures = Record<string, unknown>;
const read = (suite: string, soak: boolean): RunFigures | null => {
  const file = `${RESULTS_DIR}${suite}${soak ? '.soak' : ''}.json`;
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as RunFigures) : null;
};
const num = (value: unknown): number => (typeof value === 'number' ? value : 0);
const obj = (value: unknown): Figures => (typeof value === 'object' && value !== null ? (value as Figures) : {});
const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
const str = (value: unknown): string => (typeof value === 'string' ? value : '');
const secs = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const counts = (value: unknown) =>
  Object.entries(obj(value))
    .sort(([, a], [, b]) => num(b) - num(a))
    .map(([k, v]) => `${k} ${num(v)}`)
    .join(', ');

function headline(runs: Record<string, RunFigures | null>): string[] {
  const bad = obj(runs['bad-input']?.figures);
  const access = obj(runs['access-control']?.figures);
  const faults = obj(runs['faults']?.figures);
  const secrets = obj(runs['secrets']?.figures);
  const load = obj(faults['load']);
  const pg = obj(faults['postgres']);
  const slow = obj(faults['slowReceivers']);
  const malformed = obj(bad['malformed']);
  const hostile = obj(bad['hostile']);
  const restarts = list(pg['restarts']);
  return [
    '| figure | value |',
    '|---|---|',
    `| inputs tried | ${num(malformed['tried']) + num(hostile['tried'])} (${num(malformed['tried'])} malformed, answered 4xx; ${num(hostile['tried'])} schema-valid but hostile) |`,
    `| routes checked | ${num(bad['routes'])} (every operation of /openapi.json) |`,
    `| credentials checked | ${num(access['credentials'])} kinds, ${num(access['headerVariants'])} Authorization headers, ${num(access['calls'])} calls, ${list(access['mismatches']).length} answers off the contract, ${list(access['leaks']).length} leaks of another project's ids |`,
    `| faults injected | ${restarts.length} Postgres restarts (${restarts.filter((r) => obj(r)['underLoad']).length} under load), 1 connection killed inside a transaction, ${num(slow['notifyHangRequests'])} hanging notify requests, 3 slow interactive subscribers, 1 byte-by-byte notify receiver |`,
    `| accepted activities | ${num(load['accepted'])} of ${num(load['activities'])} (${num(load['refusedWhileDown'])} refusals while down, each retried with the same id) |`,
    `| deliveries expected / delivered | ${num(load['expectedDeliveries'])} / ${num(load['delivered'])} (all signed and verified: ${num(load['unverified']) === 0 ? 'yes' : 'no'}) |`,
    `| lost | **${num(load['lost'])}** |`,
    `| duplicates | ${num(load['duplicates'])} (at-least-once: sends in flight when Postgres went away, sent again) |`,
    `| service crashes under load | ${num(obj(faults['crashes'])['underLoad'])} (must be 0) |`,
    `| secrets in logs / keys in the database | ${list(secrets['leaksInLogs']).length} / ${list(secrets['keysInDatabase']).length} (${num(secrets['logLines'])} log lines at level ${str(secrets['logLevel'])}) |`,
    `| known bugs hit by the fuzzer | ${counts(bad['knownBugHits']) || 'none'} |`,
    ...hostilePeersHeadline(runs),
    ...slowHostHeadline(runs['slow-host'] ?? null),
  ];
}

function details(runs: Record<string, RunFigures | null>): string[] {
  const lines: string[] = [];
  const bad = runs['bad-input'];
  if (bad) {
    const f = obj(bad.figures);
    const malformed = obj(f['malformed']);
    const hostile = obj(f['hostile']);
    lines.push(
      '### 1. Bad input on every route (`src/bad-input.spec.ts`)',
      '',
      `Generated from the served OpenAPI document with fast-check (seed ${num(f['seed'])}; \`FC_SEED=<seed>\` replays a run). Each malformed request breaks one thing and must get the exact 4xx the contract names, as problem+json naming the field; each hostile one is schema-valid and must get no 5xx.`,
      '',
      `- malformed, by kind: ${counts(malformed['byKind'])}`,
      `- malformed, by answer: ${counts(malformed['byStatus'])} (no 500; slowest answer ${num(malformed['slowestMs'])} ms)`,
      `- hostile, by kind: ${counts(hostile['byKind'])}`,
      `- hostile, by answer: ${counts(hostile['byStatus'])}`,
      `- stored data unchanged: readable before ${num(obj(f['unchanged'])['readableBefore'])} / after ${num(obj(f['unchanged'])['readableAfter'])} items, ${num(obj(f['unchanged'])['tables'])} tables digested (row count and md5 of every row) before and after`,
      `- hostile strings read back changed (accepted, stored differently): ${list(hostile['roundTripMismatches']).length}${list(hostile['roundTripMismatches']).length > 0 ? ` — e.g. ${String(list(hostile['roundTripMismatches'])[0])}` : ''}`,
      '',
    );
  }
  const access = runs['access-control'];
  if (access) {
    const f = obj(access.figures);
    const matrix = obj(f['matrix']);
    const creds = ['none', 'malformed', 'revoked', 'operator', 'platform', 'apiAdmin', 'plainAdmin', 'otherPlatform', 'otherApiAdmin'];
    lines.push(
      '### 2. Who may do what (`src/access-control.spec.ts`)',
      '',
      `Every route × every credential (statuses answered; "malformed" is ${num(f['malformedHeaders'])} header variants, "revoked" ${num(f['revokedKeys'])} keys: a deactivated, a removed, a rotated-out and a re-activated admin's old key, and a rotated-out platform key). Another project's resource named under one's own project answers 404 on every route with an id; no answer to a caller of another project (nor any non-2xx answer) contains an id, key or secret of a project.`,
      '',
      `| route | ${creds.join(' | ')} |`,
      `|---|${creds.map(() => '---').join('|')}|`,
      ...Object.entries(matrix).map(([route, row]) => `| ${route} | ${creds.map((c) => [...new Set(list(obj(row)[c]))].join('/')).join(' | ')} |`),
      '',
    );
  }
  const faults = runs['faults'];
  if (faults) {
    const f = obj(faults.figures);
    const pg = obj(f['postgres']);
    const load = obj(f['load']);
    const slow = obj(f['slowReceivers']);
    const crashes = obj(f['crashes']);
    lines.push(
      '### 3. Faults under load (`src/faults.spec.ts`)',
      '',
      `A private Postgres cluster (${str(pg['cluster'])}); the service runs as its own process, restarted when it dies (as a supervisor would) so a crash is seen and counted.`,
      '',
      ...list(pg['restarts']).map((r) => {
        const o = obj(r);
        return `- restart (${String(o['mode'])}, down ${num(o['downMs'])} ms, ${o['underLoad'] ? 'under load' : 'idle'}): ready again ${o['recoveredInMs'] === null ? 'never' : `${num(o['recoveredInMs'])} ms`} after Postgres was back`;
      }),
      `- /ready during the load run: ${num(pg['readyChecks'])} checks, ${num(pg['ready503'])} × 503, ${num(pg['readyNoAnswer'])} × no answer; idle restart: ${num(pg['idleRestartReady503'])} × 503 of 10, then 200 with no process restart`,
      `- load: ${num(load['activities'])} activities by 8 producers; refusals while down ${counts(load['refusedStatuses']) || 'none'}; ${num(load['retriedUntilAccepted'])} accepted only after a retry; receptions ${num(load['receptions'])}, distinct deliveries ${num(load['delivered'])}, duplicates ${num(load['duplicates'])}, lost ${num(load['lost'])}; delivery log: ${counts(load['logStatuses'])}`,
      `- crashes: ${num(crashes['underLoad'])} under load (${num(crashes['knownBug'])} BUG-7, ${num(crashes['other'])} other), ${num(crashes['idle'])} when idle; signatures: ${list(crashes['signatures']).map(String).join('; ')}`,
      `- hanging interactive subscriber (timeout 800 ms): platform answered in ${num(slow['interactiveHangMs'])} ms, connection held ${num(slow['interactiveHeldMs'])} ms; webhook timeout 10 s under a 1500 ms deadline: answered in ${num(slow['deadlineMs'])} ms, held ${num(slow['deadlineHeldMs'])} ms; byte-by-byte subscriber: answered in ${num(slow['interactiveDripMs'])} ms`,
      `- hanging notify receiver (timeout 1000 ms, 4 worker slots): ${num(slow['notifyHangRequests'])} requests, longest held ${num(slow['notifyHangHeldMaxMs'])} ms; healthy deliveries queued behind them arrived in ${num(slow['healthyDeliveredWhileHangingMs'])} ms; byte-by-byte receiver cut at ${num(slow['notifyDripHeldMaxMs'])} ms`,
      `- logs: ${num(obj(f['logs'])['lines'])} lines, ${num(obj(f['logs'])['withDatabasePassword'])} with the database password`,
      '',
    );
  }
  const secrets = runs['secrets'];
  if (secrets) {
    const f = obj(secrets.figures);
    const c = obj(f['credentials']);
    lines.push(
      '### 4. Secrets (`src/secrets.spec.ts`)',
      '',
      `A full run (${num(f['requests'])} requests: every activity type, interactive moments, a failing receiver, a rotation, refused keys, a 500) at log level ${str(f['logLevel'])}: ${num(f['logLines'])} log lines (${num(f['errorsLogged'])} errors) searched for the operator token, ${num(c['platformKeys'])} platform keys, ${num(c['apiKeys'])} API keys, ${num(c['webhookSecrets'])} signing secrets (old and new) and ${num(c['passwords'])} passwords (form fields, the database URL's): ${list(f['leaksInLogs']).length} found.`,
      `Database: every row of every table searched for those values and for \`pk_…\`/\`ak_…\`: ${list(f['keysInDatabase']).length} found; ${num(obj(f['hashes'])['platform'])} platform and ${num(obj(f['hashes'])['api'])} API key hashes, all SHA-256 hex. Webhook secrets seen outside create/rotate: ${list(f['secretShownOutsideCreateAndRotate']).length}. Passwords delivered to receivers: ${num(f['passwordsDelivered'])}.`,
      '',
    );
  }
  lines.push(...hostilePeersDetails(runs));
  lines.push(...slowHostDetails(runs['slow-host'] ?? null));
  return lines;
}

function section(soak: boolean): string[] {
  const runs = Object.fromEntries(SUITES.map((s) => [s, read(s, soak)])) as Record<string, RunFigures | null>;
  const present = Object.values(runs).filter((r): r is RunFigures => r !== null);
  if (present.length === 0) return [`_No ${soak ? 'soak' : 'CI-size'} run recorded yet._`, ''];
  const first = present.reduce((a, b) => (a.startedAt < b.startedAt ? a : b));
  return [
    `Command: \`${first.command}\` — run ${first.startedAt.slice(0, 16).replace('T', ' ')} UTC on ${first.node}, database ${present.map((r) => `${r.suite}: ${r.database}`).join(', ')}; suite durations ${present.map((r) => `${r.suite} ${secs(r.durationMs)}`).join(', ')}.`,
    '',
    ...headline(runs),
    '',
    ...details(runs),
  ];
}

/** The section `tools/hosts` writes into this file (`npm run report -w @webhooks/hosts`), kept as it is. */
const kept = existsSync(OUT) ? (readFileSync(OUT, 'utf8').match(/<!-- hosts:begin -->[\s\S]*?<!-- hosts:end -->/)?.[0] ?? null) : null;

const text = [
  '# Reliability',
  '',
  '<!-- Generated by tools/hardening/src/report.ts from tools/hardening/results/*.json: edit those suites, not this file. -->',
  '',
  'What the hardening suites (`tools/hardening`) did to the service, and what it did back. Each suite starts the real `ApiApp`',
  '(the fault suite: as its own process) on a fresh Postgres database and speaks HTTP to it; receivers are real HTTP servers on',
  '127.0.0.1 verifying every Standard Webhooks signature. No traffic leaves 127.0.0.0/8.',
  '',
  '## Figures (CI size)',
  '',
  ...section(false),
  '## Figures (soak)',
  '',
  ...section(true),
  ...(kept ? [kept, ''] : []),
  '## Bugs found',
  '',
  'These suites found seven bugs, each kept as a regression test once fixed: BUG-1 a page cursor decoding to a time Postgres cannot',
  'hold (500); BUG-2 NUL (U+0000) in any stored string (500); BUG-3 a lone UTF-16 surrogate in a jsonb string (500); BUG-4 free-form',
  'JSON nested thousands of levels deep (stack overflow, 500); BUG-5 a `__proto__` query parameter silently dropped; BUG-6 `limit=1.5`',
  'truncated to 1; BUG-7 Postgres ending a connection a transaction held crashed the process (an unheard pg client `error`). The soak',
  'then found an eighth: a failing API-admin check in the worker became an unhandled rejection that killed the process under a',
  'restart. And an observation of the fault suite is asserted: requests whose database call fails because Postgres',
  'cannot be reached answer 503 `storage-unavailable` with `Retry-After: 1` (nothing was done; the platform retries), not a bare 500.',
  'Open now:',
  '',
  ...(KNOWN_BUGS.length === 0 ? ['none.'] : ['| id | bug | where |', '|---|---|---|', ...KNOWN_BUGS.map((b) => `| ${b.id} | ${b.title} | ${b.where} |`)]),
  '',
  '## No tenant, receiver or subscriber can hurt the others',
  '',
  'Each case below has a regression test that failed before its fix; the figures of the scenarios that run as suites are in the tables above.',
  '',
  '| case | what holds | tested in |',
  '|---|---|---|',
  '| a response body that Postgres cannot store as it is (`ok\\0`, a cut inside 😀) | excerpts cut on a character boundary, NUL and lone surrogates replaced; a batch write that fails for one item is written item by item; nothing is re-sent because its outcome could not be written | `tools/hardening/src/poison-body.spec.ts` (figures above), `apps/worker/src/poison-body.spec.ts`, the storage contract |',
  '| a subscriber answering NUL, a lone surrogate, 30,000 levels of nesting or a huge body | an invalid answer under the hook\'s failure policy; the call keeps its decision; never a 5xx | `tools/hardening/src/poison-answer.spec.ts` (figures above) |',
  '| 40+ slow notify deliveries to one host | interactive calls and test sends use a pool of their own and answer in time | `tools/hardening/src/slow-host.spec.ts` (figures above), `packages/delivery-http/src/got-webhook-transport.spec.ts` |',
  '| bulk resend over 70,000 failed deliveries | set-based, in pages; a protocol or query error is a 500 with its cause logged, only a lost connection a 503 | `packages/storage-postgres/src/bulk-resend.spec.ts`, `packages/storage-postgres/src/unavailable.spec.ts` |',
  '| a leaked key | platform and API-admin keys rotate; projects delete with everything they own | `apps/api/src/e2e/keys.e2e.spec.ts`, `tools/hardening/src/access-control.spec.ts` (table above) |',
  '| a worker clock two minutes off | leases and due times compare against the database\'s `now()` | `tools/hardening/src/clock-skew.spec.ts` (figures above), `apps/worker/src/clock-skew.spec.ts` |',
  '| answers carrying a key or secret | `Cache-Control: no-store`; `X-Content-Type-Options: nosniff` on every API answer | `packages/http-koa/src/contract.spec.ts`, `packages/http-koa/src/errors.spec.ts` |',
  '| a private, loopback, link-local or metadata address as a webhook URL | refused at subscribe (422 at `url`); a send blocked by the guard is retried briefly for DNS changes, then failed with its reason | `apps/api/src/e2e/ssrf.e2e.spec.ts`, `packages/domain/src/use-cases/webhook-administration.spec.ts`, `apps/worker/src/blocked-target.spec.ts` |',
  '| a body that is not UTF-8 | 400 problem naming the encoding | `packages/http-koa/src/contract.spec.ts`, `tools/hardening/src/bad-input.spec.ts` |',
  '| tables that grow forever | activities, interaction records, failed and suppressed deliveries with their events and attempts pruned after their retention | `tools/hardening/src/housekeeping.spec.ts` (figures above), `apps/worker/src/retention.spec.ts` |',
  '| an endpoint failing for days | disabled as `failing` after `DISABLE_FAILING_WEBHOOKS_AFTER_HOURS`; a success resets it | `tools/hardening/src/housekeeping.spec.ts`, the storage contract |',
  '| two processes on one `DATA_DIR` | the second refuses to start, naming the holder; a holder killed with SIGKILL is taken over | `tools/hardening/src/one-owner.spec.ts` (soak figures above), `apps/api/src/data-dir-owner.spec.ts` |',
  '| a malformed address hash in the web UI (`#/deliveries/%E0`) | the not-found view | `packages/web-ui/src/app/model/route.spec.ts`, `tools/browser-tests/src/specs/deliveries.spec.ts` |',
  '| a log reader that goes away or never reads | logging never blocks: a bounded buffer drops and counts (`webhook_log_lines_dropped_total`); `/health` answers and SIGTERM stops | `apps/api/src/log-output.process.spec.ts`, `apps/worker/src/log-output.process.spec.ts` |',
  '',
  '## Running',
  '',
  '- CI size (what `npm test` runs through Nx): `npm test -w @webhooks/hardening`, then `npm run report -w @webhooks/hardening` to rewrite this file.',
  '- Soak (larger sizes: 1500 malformed and 400 hostile inputs per route, 3000 activities, 4 restarts alternating fast and immediate):',
  '  `npm run soak -w @webhooks/hardening` (it rewrites this file at the end). Root script: `"soak": "npm run soak -w @webhooks/hardening"`.',
  '- The scenarios of hostile receivers and subscribers, clocks and housekeeping, CI size → soak: poison bodies 4 → 12 projects × 12 → 120 logins;',
  '  poison answers 2 → 25 calls per answer and policy; clock skew 40 → 400 events; retention backlog 6,000 → 120,000 rows of each kind;',
  '  one owner of DATA_DIR (soak only) 1,500 deliveries and 4 rival processes.',
  '- `FC_SEED=<n>` replays the inputs of a run (`FC_SHRINK=1` shrinks a failure to its smallest case); `PG_BIN=<dir>` names the PostgreSQL binaries of the fault suite.',
  '',
  '## The private Postgres of the fault suite',
  '',
  'The shared server at 127.0.0.1:5432 is never restarted. The fault suite makes its own cluster: `initdb -D <tmp>/data --auth=trust -U postgres`',
  '(about 1.3 s here), `pg_ctl -D <tmp>/data -l <tmp>/server.log -o "-p <free port> -k <tmp> -c listen_addresses=127.0.0.1 -c fsync=off" -w start`,',
  'stops it with `pg_ctl stop -m fast|immediate` and starts it again, and removes it after (clusters of runs that died are removed by the next run).',
  'Found on this machine kind: PostgreSQL 15 binaries in `/usr/lib/postgresql/15/bin` (`/usr/local/bin/initdb` and `pg_ctl` link there);',
  'tests run as root and initdb refuses root, so every command runs as the `postgres` OS user (`runuser -u postgres -- …`) on a temp dir',
  'chowned to it. `pg_createcluster 15 <name> -p <port> -- --auth=trust` also works (2.4 s; `pg_ctlcluster 15 <name> start|restart`,',
  '`pg_dropcluster 15 <name> --stop` removes it), but it registers the cluster in /etc/postgresql and /var/lib/postgresql, shared',
  'places; the temp-dir cluster leaves nothing behind.',
  '',
  '## Observations (contract questions, not failures)',
  '',
  '- Lone UTF-16 surrogates in strings stored in text columns (project, form names, webhook descriptions) are accepted and read back as U+FFFD; I-JSON (RFC 7493) says to refuse them with the 422 that BUG-3 would need anyway.',
  '- Repeating an interaction id on another form answers the first decision (idempotency is keyed on the id alone), even for a form that does not exist.',
  `- Passwords are removed from payloads only under keys named exactly \`password\` (any case): a form field \`new_password\` reached receivers ${num(obj(read('secrets', false)?.figures)['passwordVariantsDelivered'])} time(s) in the CI run.`,
  '',
].join('\n');

writeFileSync(OUT, text);
process.stdout.write(`wrote ${OUT}\n`);
