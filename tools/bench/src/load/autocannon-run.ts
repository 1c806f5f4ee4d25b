import autocannon from 'autocannon';

/** A closed-loop load with autocannon: `connections` callers, each sending as soon as its last call answered. */
export interface ClosedLoad {
  readonly url: string;
  readonly method?: 'POST' | 'GET';
  readonly headers: Readonly<Record<string, string>>;
  /** A fresh body per request (unique ids: a repeated id is answered from the idempotency record). */
  readonly body: () => string;
  readonly connections: number;
  /** Run for this long… */
  readonly durationS?: number;
  /** …or until this many answers. */
  readonly amount?: number;
  /** Statuses that count as success. */
  readonly okStatus: readonly number[];
}

/** What a closed-loop run measured; latencies are autocannon's per-response times in ms (not its ms-rounded histogram). */
export interface ClosedResult {
  readonly ok: number;
  readonly bad: number;
  readonly errors: number;
  readonly timeouts: number;
  readonly elapsedMs: number;
  readonly rate: number;
  readonly latencies: number[];
  readonly statusCounts: Record<string, number>;
}

/** Runs one closed-loop load and keeps every successful response time. */
export async function runClosed(load: ClosedLoad): Promise<ClosedResult> {
  const url = new URL(load.url);
  const latencies: number[] = [];
  const statusCounts: Record<string, number> = {};
  let ok = 0;
  let bad = 0;
  const options: autocannon.Options = {
    url: url.origin,
    connections: load.connections,
    pipelining: 1,
    timeout: 30,
    ...(load.amount === undefined ? { duration: load.durationS ?? 5 } : { amount: load.amount }),
    requests: [
      {
        method: load.method ?? 'POST',
        path: url.pathname,
        headers: { ...load.headers },
        setupRequest: (req) => ({ ...req, body: load.body() }),
      },
    ],
  };
  const started = performance.now();
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(options, (error: unknown, r: autocannon.Result) => (error ? reject(error instanceof Error ? error : new Error('autocannon failed', { cause: error })) : resolve(r)));
    instance.on('response', (_client, statusCode, _bytes, responseTime) => {
      statusCounts[statusCode] = (statusCounts[statusCode] ?? 0) + 1;
      if (load.okStatus.includes(statusCode)) {
        ok += 1;
        latencies.push(responseTime);
      } else {
        bad += 1;
      }
    });
  });
  const elapsedMs = performance.now() - started;
  return { ok, bad, errors: result.errors, timeouts: result.timeouts, elapsedMs, rate: (ok * 1000) / elapsedMs, latencies, statusCounts };
}
