import type { DeliveryOutcome, DeliveryQueue } from '../ports/delivery-queue.port.js';
import { GroupCommit } from './group-commit.js';

/** How BatchedCompletions writes. */
export interface BatchedCompletionsOptions {
  /** Writes of one outcome before its caller is told it failed (at least 1). */
  readonly tries: number;
  /** Pause before writing a failed outcome again. */
  readonly retryMs: number;
  /** Told of each failed write that will be tried again (logs). */
  readonly onError?: (error: unknown) => void;
}

/** One caller's completion. */
interface Completion {
  readonly workerId: string;
  readonly outcomes: readonly DeliveryOutcome[];
}

/**
 * A DeliveryQueue whose `complete` gathers the outcomes of concurrent callers into one write
 * (one write at a time; the next takes whatever piled up meanwhile, so writes grow with load).
 * A failed write is tried again after `retryMs`, with whatever piled up by then, up to `tries`
 * times (the leases may lapse first: then the deliveries are sent again — at least once).
 * Everything else goes straight to the queue.
 */
export class BatchedCompletions implements DeliveryQueue {
  private readonly writes: GroupCommit<Completion, undefined>;

  constructor(
    private readonly queue: DeliveryQueue,
    private readonly options: BatchedCompletionsOptions,
  ) {
    this.writes = new GroupCommit((items) => this.write(items), { maxBatch: Number.MAX_SAFE_INTEGER, maxInFlight: 1 });
  }

  async complete(workerId: string, outcomes: readonly DeliveryOutcome[]): Promise<void> {
    for (let tries = 1; ; tries += 1) {
      try {
        await this.writes.submit({ workerId, outcomes });
        return;
      } catch (error) {
        if (tries >= this.options.tries) throw error;
        this.options.onError?.(error);
        await new Promise((resolve) => setTimeout(resolve, this.options.retryMs));
      }
    }
  }

  claimDue: DeliveryQueue['claimDue'] = (input) => this.queue.claimDue(input);
  release: DeliveryQueue['release'] = (workerId, ids) => this.queue.release(workerId, ids);
  extend: DeliveryQueue['extend'] = (workerId, ids, leaseMs) => this.queue.extend(workerId, ids, leaseMs);
  nextDueInMs: DeliveryQueue['nextDueInMs'] = () => this.queue.nextDueInMs();
  pendingCount: DeliveryQueue['pendingCount'] = () => this.queue.pendingCount();
  stats: DeliveryQueue['stats'] = () => this.queue.stats();
  prune: DeliveryQueue['prune'] = (policy, batchSize) => this.queue.prune(policy, batchSize);

  /** One write per worker id in the batch (a process runs one worker: one write). */
  private async write(items: readonly Completion[]): Promise<{ readonly ok: true; readonly value: undefined }[]> {
    const byWorker = new Map<string, DeliveryOutcome[]>();
    for (const { workerId, outcomes } of items) byWorker.set(workerId, [...(byWorker.get(workerId) ?? []), ...outcomes]);
    for (const [workerId, outcomes] of byWorker) await this.queue.complete(workerId, outcomes);
    return items.map(() => ({ ok: true as const, value: undefined }));
  }
}
