/**
 * The client ceiling: a bare loop of POSTs at fixed concurrency against the receiver, with got
 * (what the service's transport is built on) or undici, in a process of its own as the worker is.
 * Prints one JSON line: `ClientLoopResult`.
 */
import http from 'node:http';
import got from 'got';
import { Pool } from 'undici';
import { nowMs } from '../bodies.js';
import { monotonicUs } from '../report/cpu-profile.js';
import { summarize } from '../report/stats.js';
import type { ClientLoopOptions, ClientLoopResult } from './client-loop-protocol.js';

const options = JSON.parse(process.argv[2] ?? '{}') as ClientLoopOptions;

type Send = () => Promise<number>;

function gotSender(): { send: Send; close: () => Promise<void> } {
  const agent = new http.Agent({ keepAlive: true, maxSockets: options.concurrency });
  const client = got.extend({ agent: { http: agent }, retry: { limit: 0 }, throwHttpErrors: false, followRedirect: false, decompress: false, http2: false });
  return {
    send: async () => (await client.post(options.url, { body: options.body, headers: options.headers })).statusCode,
    close: async () => agent.destroy(),
  };
}

function undiciSender(): { send: Send; close: () => Promise<void> } {
  const url = new URL(options.url);
  const pool = new Pool(url.origin, { connections: options.concurrency, pipelining: 1 });
  return {
    send: async () => {
      const res = await pool.request({ path: url.pathname, method: 'POST', headers: options.headers, body: options.body });
      await res.body.dump();
      return res.statusCode;
    },
    close: () => pool.close(),
  };
}

async function loop(send: Send, count: number, latencies: number[] | null): Promise<{ errors: number; non2xx: number }> {
  let next = 0;
  let errors = 0;
  let non2xx = 0;
  const deadline = nowMs() + options.timeLimitMs;
  const one = async (): Promise<void> => {
    while (next < count && nowMs() < deadline) {
      next += 1;
      const started = nowMs();
      try {
        const status = await send();
        if (status < 200 || status >= 300) non2xx += 1;
        latencies?.push(nowMs() - started);
      } catch {
        errors += 1;
      }
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, one));
  return { errors, non2xx };
}

async function main(): Promise<void> {
  const { send, close } = options.client === 'got' ? gotSender() : undiciSender();
  await loop(send, options.warmup, null);
  const latencies: number[] = [];
  const fromUs = monotonicUs();
  const cpuBefore = process.cpuUsage();
  const started = nowMs();
  const { errors, non2xx } = await loop(send, options.count, latencies);
  const elapsedMs = nowMs() - started;
  const toUs = monotonicUs();
  const cpu = process.cpuUsage(cpuBefore);
  await close();
  const done = latencies.length;
  const result: ClientLoopResult = {
    client: options.client,
    concurrency: options.concurrency,
    count: done,
    errors,
    non2xx,
    elapsedMs,
    rate: (done * 1000) / elapsedMs,
    latency: summarize(latencies),
    cpuUsPerRequest: (cpu.user + cpu.system) / Math.max(1, done),
    fromUs,
    toUs,
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
