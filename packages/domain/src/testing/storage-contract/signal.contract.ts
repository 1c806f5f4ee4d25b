import { describe, expect, it } from '@jest/globals';
import type { OpenSubject } from './contract-subject.js';
import { aDelivery, anEvent, at, seedProject } from './fixtures.js';
import { useSubject } from './use-subject.js';

/** How long `work` takes, in ms. */
async function timed(work: Promise<unknown>): Promise<number> {
  const started = performance.now();
  await work;
  return performance.now() - started;
}

/** The work signal: wake-ups on queued work, timeouts, aborts. (Short real waits: the signal is about real time.) */
export function signalContract(open: OpenSubject): void {
  const subject = useSubject(open);

  describe('WorkSignal', () => {
    it('should time out when nothing is queued', async () => {
      const { signal } = subject();
      const elapsed = await timed(signal.wait(150));
      expect(elapsed).toBeGreaterThanOrEqual(100);
      expect(elapsed).toBeLessThan(5_000);
    });

    it('should resolve when aborted', async () => {
      const { signal } = subject();
      const abort = new AbortController();
      const waiting = signal.wait(10_000, abort.signal);
      abort.abort();
      expect(await timed(waiting)).toBeLessThan(5_000);
      const already = new AbortController();
      already.abort();
      expect(await timed(signal.wait(10_000, already.signal))).toBeLessThan(5_000);
    });

    it('should wake a waiter when a transaction queues pending deliveries', async () => {
      const { storage, signal } = subject();
      const { project, subscription } = await seedProject(storage);
      const event = anEvent(project.id);
      const waiting = signal.wait(10_000);
      await storage.transaction(async (tx) => {
        await tx.deliveries.insertEvents([event]);
        await tx.deliveries.insertDeliveries([aDelivery(event, subscription)]);
      });
      expect(await timed(waiting)).toBeLessThan(5_000);
    });

    it('should wake a waiter when activities are recorded with a pending delivery', async () => {
      const { storage, signal } = subject();
      const { project, subscription } = await seedProject(storage);
      const event = anEvent(project.id);
      const waiting = signal.wait(10_000);
      const record = { projectId: project.id, id: 'woken', type: 'login', receivedAt: at(0), result: null };
      await storage.activities.recordAll([record], { users: [], events: [event], deliveries: [aDelivery(event, subscription)], attempts: [] });
      expect(await timed(waiting)).toBeLessThan(5_000);
    });

    it('should wake a waiter when deliveries are requeued (a resend)', async () => {
      const { storage, signal } = subject();
      const { project, subscription } = await seedProject(storage);
      const event = anEvent(project.id);
      const delivery = { ...aDelivery(event, subscription), status: 'failed' as const, nextAttemptAt: null };
      await storage.deliveries.insertEvents([event]);
      await storage.deliveries.insertDeliveries([delivery]);
      const waiting = signal.wait(10_000);
      expect(await storage.deliveries.requeue(project.id, [delivery.id], at(1))).toBe(1);
      expect(await timed(waiting)).toBeLessThan(5_000);
    });
  });
}
