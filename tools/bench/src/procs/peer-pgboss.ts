/**
 * The peer: a generic Postgres job queue (pg-boss) feeding the same got client, in a process of
 * its own as the worker is. Queues `jobs` jobs (each the payload of a login_success delivery),
 * then `workers` pg-boss work loops fetch batches and send each job, signed (Standard Webhooks)
 * per request as the service signs each delivery, to the receiver with at most `concurrency`
 * requests in flight; pg-boss completes each batch when its handler resolves. Timed from the
 * start of the work loops to every job `completed` in pg-boss's table. Prints one JSON line:
 * `PeerResult`. Its tables live in `schema`, dropped before it exits.
 */
import http from 'node:http';
import { createRequire } from 'node:module';
import got from 'got';
import pg from 'pg';
import PgBoss from 'pg-boss';
import { Webhook } from 'standardwebhooks';
import { loginDeliveryBody, nowMs } from '../bodies.js';
import { monotonicUs } from '../report/cpu-profile.js';
import type { PeerOptions, PeerResult } from './peer-pgboss-protocol.js';

const options = JSON.parse(process.argv[2] ?? '{}') as PeerOptions;
const QUEUE = 'webhook-deliveries';

interface DeliveryJob {
  readonly msgId: string;
  readonly payload: Record<string, unknown>;
}

/** At most `n` callers at once; the rest wait in order. */
function limiter(n: number): <T>(fn: () => Promise<T>) => Promise<T> {
  let active = 0;
  const waiting: (() => void)[] = [];
  return async (fn) => {
    if (active >= n) await new Promise<void>((r) => waiting.push(r));
    active += 1;
    try {
      return await fn();
    } finally {
      active -= 1;
      waiting.shift()?.();
    }
  };
}

async function main(): Promise<void> {
  const version = (createRequire(import.meta.url)('pg-boss/package.json') as { version: string }).version;
  const sql = new pg.Client({ connectionString: options.databaseUrl, application_name: 'bench-peer' });
  await sql.connect();
  const boss = new PgBoss({ connectionString: options.databaseUrl, schema: options.schema, max: options.poolSize, application_name: 'bench-peer-pgboss' });
  boss.on('error', (error) => process.stderr.write(`pg-boss: ${String(error)}\n`));
  const agent = new http.Agent({ keepAlive: true, maxSockets: options.concurrency });
  try {
    await boss.start();
    await boss.createQueue(QUEUE);
    const queueStarted = nowMs();
    for (let from = 0; from < options.jobs; from += 5000) {
      const chunk = Array.from({ length: Math.min(5000, options.jobs - from) }, (_, k) => {
        const i = from + k;
        const data: DeliveryJob = { msgId: `msg_peer_${i}`, payload: JSON.parse(loginDeliveryBody(`${options.prefix}${i}`, options.projectId)) as Record<string, unknown> };
        return { name: QUEUE, data };
      });
      await boss.insert(chunk);
    }
    const queueMs = nowMs() - queueStarted;

    const client = got.extend({ agent: { http: agent }, retry: { limit: 0 }, throwHttpErrors: false, followRedirect: false, decompress: false, http2: false });
    const webhook = new Webhook(options.secret);
    const limit = limiter(options.concurrency);
    let sent = 0;
    let errors = 0;
    let non2xx = 0;
    const send = async (job: DeliveryJob): Promise<void> => {
      // Serialised and signed per send, as the service signs each delivery.
      const body = JSON.stringify(job.payload);
      const at = new Date();
      const headers = {
        'content-type': 'application/json',
        'user-agent': 'webhooks/0.1',
        'webhook-id': job.msgId,
        'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
        'webhook-signature': webhook.sign(job.msgId, at, body),
      };
      try {
        const response = await client.post(options.url, { body, headers });
        sent += 1;
        if (response.statusCode < 200 || response.statusCode >= 300) non2xx += 1;
      } catch {
        errors += 1;
      }
    };

    const fromUs = monotonicUs();
    const cpuBefore = process.cpuUsage();
    const started = nowMs();
    for (let w = 0; w < options.workers; w++) {
      await boss.work<DeliveryJob>(QUEUE, { batchSize: options.batchSize, pollingIntervalSeconds: 0.5 }, async (jobs) => {
        await Promise.all(jobs.map((job) => limit(() => send(job.data))));
      });
    }
    const deadline = started + options.timeLimitMs;
    const completed = async () =>
      Number((await sql.query<{ n: string }>(`select count(*) as n from ${options.schema}.job where name = $1 and state = 'completed'`, [QUEUE])).rows[0]?.n ?? 0);
    while ((await completed()) < options.jobs) {
      if (nowMs() > deadline) throw new Error(`pg-boss peer: ${await completed()} of ${options.jobs} completed within ${options.timeLimitMs} ms`);
      await new Promise((r) => setTimeout(r, 10));
    }
    const drainMs = nowMs() - started;
    const cpu = process.cpuUsage(cpuBefore);
    const toUs = monotonicUs();
    const result: PeerResult = {
      version,
      jobs: options.jobs,
      sent,
      errors,
      non2xx,
      queueMs,
      drainMs,
      rate: (options.jobs * 1000) / drainMs,
      cpuUsPerJob: (cpu.user + cpu.system) / options.jobs,
      fromUs,
      toUs,
    };
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } finally {
    await boss.stop({ graceful: false, wait: true }).catch(() => undefined);
    agent.destroy();
    await sql.query(`drop schema if exists ${options.schema} cascade`).catch(() => undefined);
    await sql.end();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
