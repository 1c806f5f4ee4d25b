/** How the growth probe runs (argv[2], JSON). */
export interface GrowthProbeOptions {
  /** Timed `runOnce` batches (each claims up to WORKER_BATCH_SIZE). */
  readonly batches: number;
}

/** What the probe prints: every timing in milliseconds. */
export interface GrowthProbeResult {
  readonly batchSize: number;
  readonly batches: number;
  readonly delivered: number;
  readonly succeeded: number;
  readonly other: number;
  /** Whole `runOnce`: claim, sign and send the batch, write the outcomes back. */
  readonly batchMs: readonly number[];
  readonly claimMs: readonly number[];
  readonly completeMs: readonly number[];
  /** Outcomes written by each `complete` call. */
  readonly completedPerFlush: readonly number[];
  readonly rssMB: number;
  readonly peakRssMB: number;
}
