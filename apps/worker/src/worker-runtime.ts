import { hostname } from 'node:os';
import type { Container } from 'inversify';
import { BatchedCompletions, DeliveryWorker, TOKENS } from '@webhooks/domain';
import type {
  AttemptObserver,
  Clock,
  DeliveryQueue,
  DomainConfig,
  IdGenerator,
  Random,
  RetentionPolicy,
  Storage,
  WebhookTransport,
  WorkSignal,
} from '@webhooks/domain';
import type { Logger } from 'pino';

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

/** The attempt observer the app bound (logs and metrics), if any. */
function observerOf(container: Container): { observer?: AttemptObserver } {
  return container.isBound(TOKENS.AttemptObserver) ? { observer: container.get<AttemptObserver>(TOKENS.AttemptObserver) } : {};
}

/** Starts the delivery worker (and the retention pruner) over the container's ports. */
export function startWorker(container: Container, options: WorkerRuntimeOptions): WorkerRuntime {
  const config = container.get<DomainConfig>(TOKENS.DomainConfig);
  const queue = container.get<DeliveryQueue>(TOKENS.DeliveryQueue);
  const clock = container.get<Clock>(TOKENS.Clock);
  const workerId = `${hostname()}:${process.pid}:${Math.random().toString(36).slice(2, 8)}`;
  const log = options.logger.child({ workerId });
  const onError = (error: unknown) => log.warn({ err: error }, 'worker: database error, retrying');
  const worker = new DeliveryWorker({
    storage: container.get<Storage>(TOKENS.Storage),
    // Outcomes of concurrent sends written together; a failed write is tried again at the next poll.
    queue: new BatchedCompletions(queue, { tries: 3, retryMs: config.worker.pollIntervalMs, onError }),
    signal: container.get<WorkSignal>(TOKENS.WorkSignal),
    transport: container.get<WebhookTransport>(TOKENS.WebhookTransport),
    clock,
    ids: container.get<IdGenerator>(TOKENS.IdGenerator),
    random: container.get<Random>(TOKENS.Random),
    retryPolicy: config.retryPolicy,
    config: config.worker,
    workerId,
    ...observerOf(container),
    onError,
    onLeaseLost: (deliveryIds) => log.warn({ deliveryIds }, 'worker: leases taken over by another worker; not sending these'),
  });
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
