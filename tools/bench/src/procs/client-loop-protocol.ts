import type { LatencySummary } from '../report/stats.js';

/** How a bare client loop runs (argv[2], JSON). */
export interface ClientLoopOptions {
  readonly client: 'got' | 'undici';
  readonly url: string;
  readonly concurrency: number;
  /** Requests before the timed loop, not counted. */
  readonly warmup: number;
  readonly count: number;
  /** The loop stops after this long even if `count` was not reached. */
  readonly timeLimitMs: number;
  readonly body: string;
  readonly headers: Readonly<Record<string, string>>;
}

/** What a loop prints when done. */
export interface ClientLoopResult {
  readonly client: 'got' | 'undici';
  readonly concurrency: number;
  readonly count: number;
  readonly errors: number;
  readonly non2xx: number;
  readonly elapsedMs: number;
  readonly rate: number;
  readonly latency: LatencySummary;
  /** CPU time (user + system) the process spent per request in the timed loop, in microseconds. */
  readonly cpuUsPerRequest: number;
  /** The timed loop, in CLOCK_MONOTONIC microseconds (the CPU profiler's clock). */
  readonly fromUs: number;
  readonly toUs: number;
}
