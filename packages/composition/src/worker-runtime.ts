import type { Container } from 'inversify';
import { TOKENS } from '@webhooks/domain';
import type { DeliveryQueue, DeliveryWorker, DomainConfig, RetentionPolicy } from '@webhooks/domain';
import type { Logger } from 'pino';
import { USE_CASES } from './domain.container-module.js';
import type { WorkerProcess } from './domain.container-module.js';

/** A running worker: `stop` drains it (sends in flight finish, unstarted claims are released). */
export interface WorkerRuntime {
  readonly workerId: string;
  stop(): Promise<void>;
}

/** Options of a worker run. */
export interface WorkerRuntimeOptions {
  readonly logger: Logger;
  /** What is pruned, and when (at start, then hourly). */
  readonly retention: RetentionPolicy;
}

const PRUNE_EVERY_MS = 3600_000;
/** Rows per pruning statement: short statements that skip rows workers hold, so workers never wait. */
const PRUNE_BATCH = 1000;

/** Starts the container's delivery worker, and the retention pruner. */
export function startWorker(container: Container, options: WorkerRuntimeOptions): WorkerRuntime {
  const config = container.get<DomainConfig>(TOKENS.DomainConfig);
  const queue = container.get<DeliveryQueue>(TOKENS.DeliveryQueue);
  const { workerId } = container.get<WorkerProcess>(USE_CASES.WorkerProcess);
  const log = options.logger.child({ workerId });
  const worker = container.get<DeliveryWorker>(USE_CASES.DeliveryWorker);
  const stop = new AbortController();
  const running = worker.run(stop.signal).catch((error: unknown) => log.error({ err: error }, 'worker stopped on an error'));
  let pruning: Promise<void> = Promise.resolve();
  // Batch after batch until no kind fills one, stopping with the worker; one run at a time.
  const pruneAll = async (): Promise<void> => {
    const removed = { succeeded: 0, failed: 0, suppressed: 0, activities: 0, interactions: 0 };
    for (let more = true; more && !stop.signal.aborted; ) {
      const batch = await queue.prune(options.retention, PRUNE_BATCH);
      for (const kind of Object.keys(removed) as (keyof typeof removed)[]) removed[kind] += batch[kind];
      more = Object.values(batch).some((n) => n >= PRUNE_BATCH);
    }
    if (Object.values(removed).some((n) => n > 0)) log.info({ removed }, 'retention: pruned');
  };
  const prune = () => {
    pruning = pruning.then(pruneAll).catch((error: unknown) => log.warn({ err: error }, 'retention failed'));
  };
  prune();
  const pruner = setInterval(prune, PRUNE_EVERY_MS);
  pruner.unref();
  log.info({ concurrency: config.worker.concurrency }, 'worker started');
  return {
    workerId,
    async stop() {
      clearInterval(pruner);
      stop.abort();
      await running;
      await pruning;
      log.info('worker drained');
    },
  };
}
