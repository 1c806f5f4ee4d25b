import type { WorkSignal } from '../ports/delivery-queue.port.js';

/**
 * Tells idle workers that work was queued, after the work is committed. Best effort: the work is
 * durable already and workers poll as well, so a failed notification must not fail the request.
 */
export async function wakeWorkers(signal: WorkSignal): Promise<void> {
  await signal.notify().catch(() => undefined);
}
