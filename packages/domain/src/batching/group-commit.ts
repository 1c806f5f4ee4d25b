/** One item's outcome in a batch: its value, or the error that failed it. */
export type Settled<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: unknown };

/** How a GroupCommit gathers work. */
export interface GroupCommitOptions {
  /** Most items in one batch. */
  readonly maxBatch: number;
  /** Batches running at once; an item arriving while all run waits for the next batch. */
  readonly maxInFlight: number;
}

/**
 * How reports and interactions are gathered into transactions by default: up to 128 per batch,
 * three batches at once (the pool keeps the rest of its connections for reads and the worker).
 */
export const DEFAULT_BATCHING: GroupCommitOptions = { maxBatch: 128, maxInFlight: 3 };

interface Waiting<I, O> {
  readonly item: I;
  readonly resolve: (value: O) => void;
  readonly reject: (error: unknown) => void;
}

/**
 * Group commit: concurrent submissions run together as one batch. An item that arrives while
 * fewer than `maxInFlight` batches run starts a batch at once (so a lone request waits for
 * nothing); items that arrive while all run queue up and go together as the next batch. No
 * timers: under load batches grow by themselves, idle they are single items.
 */
export class GroupCommit<I, O> {
  private readonly queue: Waiting<I, O>[] = [];
  private inFlight = 0;

  /**
   * @param onIdle called whenever the last running batch ends with nothing waiting (after its
   *   callers were answered).
   */
  constructor(
    private readonly run: (items: readonly I[]) => Promise<readonly Settled<O>[]>,
    private readonly options: GroupCommitOptions,
    private readonly onIdle: () => void = () => undefined,
  ) {
    if (options.maxBatch < 1 || options.maxInFlight < 1) throw new RangeError('maxBatch and maxInFlight must be at least 1');
  }

  /** Runs `item` in the next batch; resolves with its own outcome. */
  submit(item: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      this.pump();
    });
  }

  /** True when nothing waits and no batch runs. */
  get idle(): boolean {
    return this.queue.length === 0 && this.inFlight === 0;
  }

  /** Items waiting for a batch (not those running). */
  get waiting(): number {
    return this.queue.length;
  }

  private pump(): void {
    while (this.inFlight < this.options.maxInFlight && this.queue.length > 0) {
      const batch = this.queue.splice(0, this.options.maxBatch);
      this.inFlight += 1;
      void this.runBatch(batch).finally(() => {
        this.inFlight -= 1;
        this.pump();
        if (this.idle) this.onIdle();
      });
    }
  }

  private async runBatch(batch: readonly Waiting<I, O>[]): Promise<void> {
    try {
      const results = await this.run(batch.map((w) => w.item));
      batch.forEach((w, i) => {
        const result = results[i];
        if (!result) w.reject(new Error(`batch returned ${results.length} results for ${batch.length} items`));
        else if (result.ok) w.resolve(result.value);
        else w.reject(result.error);
      });
    } catch (error) {
      for (const w of batch) w.reject(error);
    }
  }
}
