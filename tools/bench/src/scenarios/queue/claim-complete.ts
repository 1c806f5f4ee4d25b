import type { Attempt, DeliveryOutcome, DeliveryQueue } from '@webhooks/domain';
import { SEEDED_BEFORE } from './seed-queue.js';

/** How the queue is driven. */
export interface ClaimCompleteRun {
  readonly workers: number;
  readonly batchSize: number;
  /** Stop after this many deliveries (or when the queue is empty). */
  readonly deliveries: number;
}

/** Workers claiming batches and completing every delivery as succeeded (with its attempt); answers how many and how long. */
export async function claimAndComplete(queue: DeliveryQueue, run: ClaimCompleteRun): Promise<{ done: number; ms: number }> {
  const now = new Date(SEEDED_BEFORE.getTime() + 1_000);
  const runId = Math.random().toString(36).slice(2, 8);
  let done = 0;
  let reserved = 0;
  let attempts = 0;
  const worker = async (workerId: string): Promise<void> => {
    for (;;) {
      const want = Math.min(run.batchSize, run.deliveries - reserved);
      if (want <= 0) return;
      reserved += want;
      const claimed = await queue.claimDue({ limit: want, leaseMs: 60_000, workerId });
      reserved -= want - claimed.length;
      if (claimed.length === 0) return;
      done += claimed.length;
      const outcomes = claimed.map((c): DeliveryOutcome => {
        const attempt: Attempt = {
          id: `att_${runId}_${workerId}_${(attempts += 1)}`,
          deliveryId: c.deliveryId,
          projectId: c.projectId,
          subscriptionId: c.subscriptionId,
          attemptedAt: now,
          durationMs: 12,
          statusCode: 200,
          responseBody: 'ok',
          errorClass: null,
          errorMessage: null,
          succeeded: true,
        };
        return { deliveryId: c.deliveryId, attempt, next: { kind: 'succeeded' }, lastError: null };
      });
      await queue.complete(workerId, outcomes);
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: run.workers }, (_, i) => worker(`w${i + 1}`)));
  return { done, ms: performance.now() - started };
}
