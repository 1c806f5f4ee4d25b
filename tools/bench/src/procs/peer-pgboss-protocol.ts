/** How the pg-boss peer runs (argv[2], JSON). */
export interface PeerOptions {
  /** The bench's database; the peer keeps its tables in a schema of its own there. */
  readonly databaseUrl: string;
  readonly schema: string;
  readonly url: string;
  readonly projectId: string;
  /** Signs every job's body, as the service signs every delivery. */
  readonly secret: string;
  readonly jobs: number;
  /** Prefix of the activity ids in the bodies (the receiver counts those). */
  readonly prefix: string;
  /** `boss.work` loops in the process. */
  readonly workers: number;
  readonly batchSize: number;
  /** Sends in flight to the receiver across all workers (also the socket pool). */
  readonly concurrency: number;
  /** Connections of pg-boss's pool. */
  readonly poolSize: number;
  readonly timeLimitMs: number;
}

/** What the peer prints when done. */
export interface PeerResult {
  readonly version: string;
  readonly jobs: number;
  readonly sent: number;
  readonly errors: number;
  readonly non2xx: number;
  readonly queueMs: number;
  /** Workers started → every job `completed` in pg-boss's table. */
  readonly drainMs: number;
  readonly rate: number;
  /** CPU time (user + system) of the process per job during the drain, in microseconds. */
  readonly cpuUsPerJob: number;
  readonly fromUs: number;
  readonly toUs: number;
}
