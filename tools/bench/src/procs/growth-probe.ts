/**
 * The growth probe: the service's own worker (`DeliveryWorker` over the container that
 * `apps/worker` builds, on the real `SqlDeliveryQueue`), run batch by batch with `runOnce`, with
 * the queue's `claimDue` and `complete` timed. Reads the service's environment (DATABASE_URL, …),
 * takes `{ batches }` as argv[2] JSON and prints one JSON line: `GrowthProbeResult`.
 */
import 'reflect-metadata';
import { TOKENS } from '@webhooks/domain';
import type { AttemptObserver, DeliveryQueue, DeliveryWorker } from '@webhooks/domain';
import { openStorage } from '@webhooks/storage-postgres';
import { LogOutput, USE_CASES, createLogger, createServiceContainer, readConfig } from '@webhooks/composition';
import { nowMs } from '../bodies.js';
import { readProcStatus } from '../infra/procfs.js';
import type { GrowthProbeOptions, GrowthProbeResult } from './growth-probe-protocol.js';

const options = JSON.parse(process.argv[2] ?? '{}') as GrowthProbeOptions;

async function main(): Promise<void> {
  const config = readConfig(process.env);
  if (!config.databaseUrl) throw new Error('DATABASE_URL is required');
  const storage = await openStorage({ databaseUrl: config.databaseUrl, migrate: false });
  const container = createServiceContainer(config, storage, createLogger('warn', new LogOutput(process.stderr, config.logBufferBytes)));
  const queue = container.get<DeliveryQueue>(TOKENS.DeliveryQueue);

  const claimMs: number[] = [];
  const completeMs: number[] = [];
  const completed: number[] = [];
  // The real queue, timed: the worker calls it exactly as in the service.
  const timed: DeliveryQueue = {
    claimDue: async (request) => {
      const t = nowMs();
      const rows = await queue.claimDue(request);
      claimMs.push(nowMs() - t);
      return rows;
    },
    complete: async (workerId, outcomes) => {
      const t = nowMs();
      await queue.complete(workerId, outcomes);
      completeMs.push(nowMs() - t);
      completed.push(outcomes.length);
    },
    release: (workerId, ids) => queue.release(workerId, ids),
    extend: (workerId, ids, leaseMs) => queue.extend(workerId, ids, leaseMs),
    nextDueInMs: () => queue.nextDueInMs(),
    pendingCount: () => queue.pendingCount(),
    prune: (policy, size) => queue.prune(policy, size),
    stats: () => queue.stats(),
  };
  let succeeded = 0;
  let other = 0;
  // The service's worker, over the timed queue, counting outcomes.
  container.rebind<DeliveryQueue>(TOKENS.DeliveryQueue).toConstantValue(timed);
  container.bind<AttemptObserver>(TOKENS.AttemptObserver).toConstantValue({
    attempted: (report) => {
      if (report.outcome === 'succeeded') succeeded += 1;
      else other += 1;
    },
  });
  const worker = container.get<DeliveryWorker>(USE_CASES.DeliveryWorker);

  // One untimed batch warms the connections and the JIT.
  await worker.runOnce();
  claimMs.length = 0;
  completeMs.length = 0;
  completed.length = 0;
  succeeded = 0;
  other = 0;

  const batchMs: number[] = [];
  let delivered = 0;
  for (let i = 0; i < options.batches; i++) {
    const t = nowMs();
    const n = await worker.runOnce();
    batchMs.push(nowMs() - t);
    delivered += n;
    if (n === 0) break;
  }
  const status = readProcStatus(process.pid);
  const result: GrowthProbeResult = {
    batchSize: config.domain.worker.batchSize,
    batches: batchMs.length,
    delivered,
    succeeded,
    other,
    batchMs,
    claimMs,
    completeMs,
    completedPerFlush: completed,
    rssMB: status.rssMB,
    peakRssMB: status.peakRssMB,
  };
  await container.unbindAllAsync();
  await storage.close();
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
