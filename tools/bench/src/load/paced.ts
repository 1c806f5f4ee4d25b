import { Pool } from 'undici';
import { nowMs } from '../bodies.js';

/**
 * An open-loop load at a fixed rate, on undici: request i is due at start + i / rate whether or
 * not earlier ones answered (autocannon's rate limit sends each second's quota in a burst, which
 * is not a steady load). Each body is built with its due time, so a latency measured from it
 * includes any wait the generator or the server imposed (no coordinated omission).
 */
export interface PacedLoad {
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly ratePerSecond: number;
  readonly durationMs: number;
  /** Connections of the pool (requests beyond wait in its queue, still timed from their due time). */
  readonly connections: number;
  readonly body: (seq: number, dueAtMs: number) => string;
  readonly okStatus: readonly number[];
  /** How long to wait for answers once sending is done; requests still unanswered then are abandoned. */
  readonly tailMs: number;
}

/** What a paced run measured: response latencies from each request's due time. */
export interface PacedResult {
  readonly sent: number;
  readonly ok: number;
  readonly bad: number;
  readonly errors: number;
  /** Sent but not answered within the tail: the server had fallen that far behind. */
  readonly abandoned: number;
  readonly elapsedMs: number;
  /** Answers per second, from the first due time to the last answer (below the offered rate when the server falls behind). */
  readonly achievedRate: number;
  readonly latencies: number[];
  /** Due time of the last request ({@link nowMs} clock). */
  readonly lastDueAt: number;
  /** How far the generator fell behind its schedule at worst (ms). */
  readonly maxLagMs: number;
}

/** Runs a paced load to its end, and waits for the answers `tailMs` more at most. */
export async function runPaced(load: PacedLoad): Promise<PacedResult> {
  const url = new URL(load.url);
  const pool = new Pool(url.origin, { connections: load.connections, pipelining: 1 });
  const latencies: number[] = [];
  let ok = 0;
  let bad = 0;
  let errors = 0;
  let sent = 0;
  let maxLagMs = 0;
  let lastAnswerAt = 0;
  let abandoning = false;
  const inFlight = new Set<Promise<void>>();
  const intervalMs = 1000 / load.ratePerSecond;
  const total = Math.floor((load.durationMs / 1000) * load.ratePerSecond);
  const start = nowMs() + 20;

  const fire = (seq: number, dueAt: number) => {
    const body = load.body(seq, dueAt);
    const p = pool
      .request({ path: url.pathname, method: 'POST', headers: load.headers, body })
      .then(async (res) => {
        await res.body.dump();
        if (load.okStatus.includes(res.statusCode)) {
          ok += 1;
          lastAnswerAt = nowMs();
          latencies.push(lastAnswerAt - dueAt);
        } else {
          bad += 1;
        }
      })
      .catch(() => {
        if (!abandoning) errors += 1;
      });
    inFlight.add(p);
    void p.finally(() => inFlight.delete(p));
  };

  while (sent < total) {
    const now = nowMs();
    // Send everything due by now, each stamped with its own due time.
    while (sent < total && start + sent * intervalMs <= now) {
      const dueAt = start + sent * intervalMs;
      maxLagMs = Math.max(maxLagMs, now - dueAt);
      fire(sent, dueAt);
      sent += 1;
    }
    const nextDue = start + sent * intervalMs;
    await new Promise((r) => setTimeout(r, Math.max(0, Math.min(nextDue - nowMs(), 1))));
  }
  const finishedSending = nowMs();
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([Promise.all(inFlight), new Promise((r) => (timer = setTimeout(r, load.tailMs)))]);
  clearTimeout(timer);
  const abandoned = inFlight.size;
  abandoning = true;
  await pool.destroy();
  return {
    sent,
    ok,
    bad,
    errors,
    abandoned,
    elapsedMs: finishedSending - start,
    achievedRate: (ok * 1000) / Math.max(1, Math.max(lastAnswerAt, finishedSending) - start),
    latencies,
    lastDueAt: start + Math.max(0, sent - 1) * intervalMs,
    maxLagMs,
  };
}
