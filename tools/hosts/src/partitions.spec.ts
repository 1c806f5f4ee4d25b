import { availableParallelism } from 'node:os';
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import type { ApiAnswer, ProjectFixture, WebhookFixture } from '@webhooks/test-kit';
import { ApiClient, reportActivity, uid, until, user } from '@webhooks/test-kit';
import type { WorkerHost } from './cluster.js';
import { Cluster } from './cluster.js';
import { writeFigures } from './figures.js';
import { unsupported } from './network.js';

/**
 * Partitions between hosts (see README): a worker host's cable cut for longer than a lease while
 * the workers drain a few thousand deliveries, then plugged back in; the api host's cable cut
 * while the platform reports activities. Figures go to `results/partitions.json`.
 */
const LEASE_MS = 3_000;
const HOOKS = 5;
const ACTIVITIES = 600; // × HOOKS deliveries
const AFTER_HEAL_ACTIVITIES = 20; // per round, until the cut worker delivers again
const API_CUT_ACTIVITIES = 400;
const API_CUT_MS = 3_000;
const CLIENT_TIMEOUT_MS = 2_000;

const startedAt = Date.now();
const figures: Record<string, unknown> = {};
let cluster: Cluster | undefined;

// Not root, or no network namespaces: fail, loudly, in CI; elsewhere say so and run nothing.
const why = unsupported();
if (why && process.env['CI'] !== 'true') process.stderr.write(`\nhosts suite NOT RUN: ${why}\n\n`);
const maybe = why && process.env['CI'] !== 'true' ? it.skip : it;

beforeAll(async () => {
  if (why && process.env['CI'] !== 'true') return;
  cluster = await Cluster.start({
    workerHosts: 2,
    receiverLateMs: 40,
    workerEnv: {
      WORKER_LEASE_MS: String(LEASE_MS),
      WORKER_POLL_MS: '200',
      WORKER_CONCURRENCY: '16',
      WORKER_PER_HOST_CONCURRENCY: '8',
      WORKER_BATCH_SIZE: '16',
      LOG_LEVEL: 'info',
    },
  });
}, 240_000);

afterAll(async () => {
  await cluster?.stop();
  if (Object.keys(figures).length > 0) writeFigures('partitions', 'npm run test:hosts', startedAt, figures, availableParallelism());
}, 60_000);

/** Reports `count` registrations (one `user_registered` each), `concurrency` at a time; answers the activity ids. */
async function ingest(project: ProjectFixture, count: number, concurrency: number): Promise<string[]> {
  const ids: string[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) {
        next += 1;
        const id = uid('act');
        const answer = await reportActivity(project, { id, type: 'registered', user: user(uid('u')) });
        if (answer.status !== 202) throw new Error(`activity ${id}: ${answer.status} ${JSON.stringify(answer.body)}`);
        ids.push(id);
      }
    }),
  );
  return ids;
}

/** The receiver's key of a delivery: `<path> <webhook-id>` (the webhook-id is the event id). */
const keyOf = (webhooks: readonly WebhookFixture[], subscriptionId: string, eventId: string): string => {
  const hook = webhooks.find((w) => w.id === subscriptionId);
  return `${new URL(hook?.url ?? 'http://x/unknown').pathname} ${eventId}`;
};

/** The JSON log lines a process printed (from character `from` of its output on). */
function logLines(worker: WorkerHost, from = 0): Record<string, unknown>[] {
  return worker.process.output
    .slice(from)
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

interface DeliveryRow {
  id: string;
  event_id: string;
  subscription_id: string;
  status: string;
  attempts: number;
  succeeded: number;
}

const deliveriesOf = (c: Cluster, projectId: string) =>
  c.query<DeliveryRow>(
    `select d.id, d.event_id, d.subscription_id, d.status,
            (select count(*) from attempts a where a.delivery_id = d.id)::int as attempts,
            (select count(*) from attempts a where a.delivery_id = d.id and a.succeeded)::int as succeeded
       from deliveries d where d.project_id = $1`,
    [projectId],
  );

const pendingCount = async (c: Cluster, projectId: string) => (await c.query<{ n: number }>(`select count(*)::int as n from deliveries where project_id = $1 and status = 'pending'`, [projectId]))[0]?.n ?? -1;

maybe('a worker host cut off for longer than a lease: the other takes over, late completions are refused, nothing is lost, the cut worker comes back', async () => {
  if (!cluster) throw new Error(`the hosts could not be made: ${why ?? 'see beforeAll'}`);
  const c = cluster;
  const { project, webhooks } = await c.project(HOOKS);
  const expected = ACTIVITIES * HOOKS;

  // A backlog first, then both workers drain it; once a tenth is delivered, the cable of a worker
  // holding leases is cut.
  await ingest(project, ACTIVITIES, 16);
  const [w1, w2] = await Promise.all([c.startWorker(0), c.startWorker(1)]);
  let pick: [WorkerHost, WorkerHost] | undefined;
  await until(
    async () => {
      const [r] = await c.query<{ done: number; one: number; two: number }>(
        `select count(*) filter (where status = 'succeeded')::int as done,
                count(*) filter (where status = 'pending' and locked_by like $2)::int as one,
                count(*) filter (where status = 'pending' and locked_by like $3)::int as two
           from deliveries where project_id = $1`,
        [project.id, w1.lockedByPattern, w2.lockedByPattern],
      );
      if (!r || r.done < expected / 10) return false;
      pick = r.one > 0 ? [w1, w2] : r.two > 0 ? [w2, w1] : undefined;
      return pick !== undefined;
    },
    'a worker holding leases mid-drain',
    120_000,
    20,
  );
  const [cut, other] = pick!;
  const held = async () => c.query<{ id: string }>(`select id from deliveries where locked_by like $1 and status = 'pending'`, [cut.lockedByPattern]);
  await c.net.cut(cut.host);
  const cutAt = Date.now();
  const cutOutputAt = cut.process.output.length;
  let heldAtCut = new Set<string>();
  let receivedAtCut = 0;
  let takenOverInMs = 0;
  let otherHeldDuringCut = 0;
  let stalledTransactions = 0;
  try {
    heldAtCut = new Set((await held()).map((r) => r.id));
    // Its sessions caught between two statements of a transaction (their row locks stay until Postgres ends them).
    stalledTransactions = (await c.query<{ n: number }>(`select count(*)::int as n from pg_stat_activity where client_addr = $1::inet and state = 'idle in transaction'`, [cut.host.address]))[0]?.n ?? 0;
    receivedAtCut = (await c.receiver.counts()).total;
    expect(heldAtCut.size).toBeGreaterThan(0);
    // The other worker claims each lapsed lease and delivers it while the cut lasts (at least two leases).
    await until(
      async () => {
        const rows = await c.query<{ status: string }>(`select status from deliveries where id = any($1)`, [[...heldAtCut]]);
        return rows.every((r) => r.status === 'succeeded');
      },
      'the held deliveries to be delivered by the other worker',
      90_000,
      100,
    );
    takenOverInMs = Date.now() - cutAt;
    while (Date.now() - cutAt < 2 * LEASE_MS) await new Promise((r) => setTimeout(r, 100));
    otherHeldDuringCut = (await c.query<{ n: number }>(`select count(*)::int as n from deliveries where locked_by like $1`, [other.lockedByPattern]))[0]?.n ?? 0;
  } finally {
    // Plugged back in even when an expectation fails, so that the next test has its two workers.
    await c.net.heal(cut.host);
  }
  const healedAt = Date.now();
  const cutMs = healedAt - cutAt;
  const healOutputAt = cut.process.output.length;

  // More work after healing, a little at a time until the cut worker takes a share by itself (its
  // stalled connections resume at TCP's next retransmission, which backs off during the cut).
  const more: string[] = [];
  const deliveredAgain = () => logLines(cut, healOutputAt).some((l) => l['msg'] === 'delivery attempt' && l['outcome'] === 'succeeded');
  while (!deliveredAgain()) {
    if (Date.now() - healedAt > 120_000) throw new Error(`the cut worker did not deliver within 120 s of healing:\n${cut.process.tail()}`);
    more.push(...(await ingest(project, AFTER_HEAL_ACTIVITIES, 8)));
    await new Promise((r) => setTimeout(r, 200));
  }
  const recoveredInMs = Date.now() - healedAt;
  await until(async () => (await pendingCount(c, project.id)) === 0, 'every delivery to be done', 120_000, 200);

  const rows = await deliveriesOf(c, project.id);
  const counts = await c.receiver.counts();
  const keys = rows.map((r) => keyOf(webhooks, r.subscription_id, r.event_id));
  const heldKeys = new Set(rows.filter((r) => heldAtCut.has(r.id)).map((r) => keyOf(webhooks, r.subscription_id, r.event_id)));
  const missing = keys.filter((k) => (counts.byKey[k] ?? 0) === 0);
  const duplicated = Object.entries(counts.byKey).filter(([, n]) => n > 1);
  const extraSends = duplicated.reduce((sum, [, n]) => sum + n - 1, 0);
  const heldRows = rows.filter((r) => heldAtCut.has(r.id));
  // What the cut worker did with what it held, from its own log: attempts it made (sent before the
  // cut but not yet recorded, or timed out during it) and leases it found taken over after healing.
  const cutLog = logLines(cut, 0);
  const attemptedHeld = new Set(cutLog.filter((l) => l['msg'] === 'delivery attempt' && heldAtCut.has(String(l['deliveryId']))).map((l) => String(l['deliveryId'])));
  const lostHeld = new Set(cutLog.flatMap((l) => (String(l['msg']).startsWith('worker: leases taken over') ? (l['deliveryIds'] as string[]) : [])).filter((id) => heldAtCut.has(id)));
  const lateAttempts = logLines(cut, cutOutputAt).filter((l) => l['msg'] === 'delivery attempt' && heldAtCut.has(String(l['deliveryId'])));

  Object.assign(figures, {
    workerCut: {
      leaseMs: LEASE_MS,
      deliveries: rows.length,
      expected: expected + more.length * HOOKS,
      receivedAtCut,
      heldAtCut: heldAtCut.size,
      stalledTransactions,
      cutMs,
      takenOverInMs,
      otherHeldDuringCut,
      heldDeliveredOnce: heldRows.filter((r) => r.attempts === 1 && r.succeeded === 1).length,
      heldAttemptedByCutWorker: attemptedHeld.size,
      lateAttemptsLogged: lateAttempts.length,
      heldFoundTakenOver: lostHeld.size,
      recoveredInMs,
      cutWorkerSucceededAfterHeal: logLines(cut, healOutputAt).filter((l) => l['msg'] === 'delivery attempt' && l['outcome'] === 'succeeded').length,
      received: counts.total,
      unverified: counts.unverified,
      missing: missing.length,
      duplicatedKeys: duplicated.length,
      extraSends,
      duplicatesOutsideHeld: duplicated.filter(([k]) => !heldKeys.has(k)).length,
      statuses: rows.reduce<Record<string, number>>((acc, r) => ({ ...acc, [r.status]: (acc[r.status] ?? 0) + 1 }), {}),
    },
  });

  expect(rows).toHaveLength(expected + more.length * HOOKS);
  expect(rows.every((r) => r.status === 'succeeded')).toBe(true);
  expect(missing).toEqual([]);
  expect(counts.unverified).toBe(0);
  // Duplicates only among what the cut worker held, each sent at most twice.
  expect(duplicated.filter(([k]) => !heldKeys.has(k))).toEqual([]);
  expect(extraSends).toBeLessThanOrEqual(heldAtCut.size);
  // Its late outcomes were refused: each held delivery has one attempt, the other worker's success.
  expect(heldRows.map((r) => [r.attempts, r.succeeded])).toEqual(heldRows.map(() => [1, 1]));
  // …and it did come back to them late: an attempt it logged, or a lease it found taken over.
  expect(attemptedHeld.size + lostHeld.size).toBeGreaterThan(0);
  expect(cutMs).toBeGreaterThan(LEASE_MS);
});

maybe('the api host cut off mid-ingest: every 202 is delivered, no refused or unanswered report is half-recorded', async () => {
  if (!cluster) throw new Error(`the hosts could not be made: ${why ?? 'see beforeAll'}`);
  const c = cluster;
  for (let i = c.workers.length; i < 2; i += 1) await c.startWorker(i);
  const { project, webhooks } = await c.project(HOOKS);
  const timed = new ApiClient(c.api.url, project.platformKey, async (url, init) => {
    const res = await fetch(url, { ...init, signal: AbortSignal.timeout(CLIENT_TIMEOUT_MS) });
    return { status: res.status, text: await res.text(), headers: res.headers };
  });
  const platform = { ...project, platform: timed };
  const answers = new Map<string, number | 'no answer'>();
  const bodies = new Map<string, Record<string, unknown>>();
  let sent = 0;
  let cutDone: Promise<void> | undefined;
  const producers = Array.from({ length: 8 }, async () => {
    while (sent < API_CUT_ACTIVITIES) {
      sent += 1;
      if (sent === 60) {
        cutDone = (async () => {
          await c.net.cut(c.apiHost);
          await new Promise((r) => setTimeout(r, API_CUT_MS));
          await c.net.heal(c.apiHost);
        })();
      }
      const id = uid('act');
      const body = { id, type: 'registered', occurredAt: new Date().toISOString(), user: user(uid('u')) };
      bodies.set(id, body);
      const answer: ApiAnswer | null = await reportActivity(platform, body).catch(() => null);
      answers.set(id, answer?.status ?? 'no answer');
    }
  });
  await Promise.all(producers);
  await cutDone;
  await until(async () => (await pendingCount(c, project.id)) === 0, 'every delivery to be done', 120_000, 200);

  const ids = [...answers.keys()];
  const recorded = await c.query<{ id: string; events: number; deliveries: number }>(
    `select a.id,
            (select count(*) from events e where e.project_id = a.project_id and e.activity_id = a.id)::int as events,
            (select count(*) from deliveries d join events e on e.id = d.event_id where e.project_id = a.project_id and e.activity_id = a.id)::int as deliveries
       from activities a where a.project_id = $1 and a.id = any($2)`,
    [project.id, ids],
  );
  const orphanEvents = await c.query<{ activity_id: string }>(`select activity_id from events e where e.project_id = $1 and not exists (select 1 from activities a where a.project_id = e.project_id and a.id = e.activity_id)`, [project.id]);
  const byId = new Map(recorded.map((r) => [r.id, r]));
  const accepted = ids.filter((id) => answers.get(id) === 202);
  const refused = ids.filter((id) => answers.get(id) !== 202);
  const whole = (id: string) => byId.get(id)?.events === 1 && byId.get(id)?.deliveries === HOOKS;
  const acceptedWhole = accepted.filter(whole);
  const refusedWhole = refused.filter(whole);
  const refusedAbsent = refused.filter((id) => !byId.has(id));
  const refusedHalf = refused.filter((id) => byId.has(id) && !whole(id));

  // The platform reports the refused ones again, the very same report: each delivered once in all.
  const retried = await Promise.all(refused.map((id) => reportActivity(project, bodies.get(id) ?? {}).then((a) => a.status)));
  await until(async () => (await pendingCount(c, project.id)) === 0, 'the retried reports to be delivered', 120_000, 200);
  const rows = await deliveriesOf(c, project.id);
  const counts = await c.receiver.counts();
  const keys = rows.map((r) => keyOf(webhooks, r.subscription_id, r.event_id));
  const acceptedKeys = rows.filter((r) => r.status === 'succeeded').map((r) => keyOf(webhooks, r.subscription_id, r.event_id));
  const answered = [...answers.values()].reduce<Record<string, number>>((acc, a) => ({ ...acc, [String(a)]: (acc[String(a)] ?? 0) + 1 }), {});

  Object.assign(figures, {
    apiCut: {
      cutMs: API_CUT_MS,
      clientTimeoutMs: CLIENT_TIMEOUT_MS,
      reports: ids.length,
      answered,
      accepted: accepted.length,
      acceptedWhole: acceptedWhole.length,
      refused: refused.length,
      refusedWhole: refusedWhole.length,
      refusedAbsent: refusedAbsent.length,
      refusedHalf: refusedHalf.length,
      orphanEvents: orphanEvents.length,
      retriedAccepted: retried.filter((s) => s === 202).length,
      deliveries: rows.length,
      delivered: keys.filter((k) => (counts.byKey[k] ?? 0) > 0).length,
      duplicates: keys.filter((k) => (counts.byKey[k] ?? 0) > 1).length,
    },
  });

  expect(refused.length).toBeGreaterThan(0); // the cut did hit requests
  expect(acceptedWhole).toEqual(accepted);
  expect(refusedHalf).toEqual([]);
  expect(orphanEvents).toEqual([]);
  expect(retried.every((s) => s === 202)).toBe(true);
  expect(rows).toHaveLength(ids.length * HOOKS);
  expect(acceptedKeys).toHaveLength(rows.length);
  expect(keys.filter((k) => (counts.byKey[k] ?? 0) === 0)).toEqual([]);
  // No process died and no worker was cut: nothing may arrive twice.
  expect(keys.filter((k) => (counts.byKey[k] ?? 0) > 1)).toEqual([]);
});
