import { describe, expect, it } from '@jest/globals';
import type { OpenSubject } from './contract-subject.js';
import { aDelivery, aProject, aSubscription, anEvent, at } from './fixtures.js';
import { useSubject } from './use-subject.js';

/** All-or-nothing work across stores. */
export function transactionsContract(open: OpenSubject): void {
  const subject = useSubject(open);

  describe('UserStateStore.lock', () => {
    it('should make a second transaction holding the same user wait until the first ends', async () => {
      const { storage } = subject();
      const project = aProject();
      await storage.projects.insert(project);
      const order: string[] = [];
      let release: () => void = () => undefined;
      const held = new Promise<void>((resolve) => {
        release = resolve;
      });
      let firstHolds: () => void = () => undefined;
      const holding = new Promise<void>((resolve) => {
        firstHolds = resolve;
      });
      const first = storage.transaction(async (tx) => {
        await tx.users.lock(project.id, ['u1', 'u0']);
        order.push('first holds');
        firstHolds();
        await held;
        order.push('first ends');
      });
      await holding;
      const second = storage.transaction(async (tx) => {
        await tx.users.lock(project.id, ['u1']);
        order.push('second holds');
      });
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(order).toEqual(['first holds']);
      release();
      await Promise.all([first, second]);
      expect(order).toEqual(['first holds', 'first ends', 'second holds']);
    });

    it('should not hold other users or other projects', async () => {
      const { storage } = subject();
      const [project, other] = [aProject(), aProject()];
      await storage.projects.insert(project);
      await storage.projects.insert(other);
      await storage.transaction(async (tx) => {
        await tx.users.lock(project.id, ['u1']);
        await tx.users.lock(other.id, ['u1']);
        await tx.users.lock(project.id, []);
      });
      // A second lock in a new transaction is granted at once: the first ended with its transaction.
      await storage.transaction((tx) => tx.users.lock(project.id, ['u1']));
    });
  });

  describe('Storage.transaction', () => {
    it('should commit every write when the work resolves, and return its value', async () => {
      const { storage } = subject();
      const project = aProject();
      const subscription = aSubscription(project.id);
      const event = anEvent(project.id);
      const delivery = aDelivery(event, subscription);
      const result = await storage.transaction(async (tx) => {
        await tx.projects.insert(project);
        await tx.subscriptions.insert(subscription);
        await tx.activities.insert({ projectId: project.id, id: 'a1', type: 'registered', receivedAt: at(0), result: 'done' });
        await tx.deliveries.insertEvents([event]);
        await tx.deliveries.insertDeliveries([delivery]);
        // The transaction sees its own writes.
        expect(await tx.subscriptions.get(project.id, subscription.id)).toEqual(subscription);
        return 'committed';
      });
      expect(result).toBe('committed');
      expect(await storage.projects.get(project.id)).toEqual(project);
      expect(await storage.activities.find(project.id, 'a1')).not.toBeNull();
      expect((await storage.deliveries.get(project.id, delivery.id))?.delivery).toEqual(delivery);
    });

    it('should leave nothing behind when the work throws, and rethrow', async () => {
      const { storage, queue } = subject();
      const project = aProject();
      const subscription = aSubscription(project.id);
      const event = anEvent(project.id);
      const delivery = aDelivery(event, subscription);
      const boom = new Error('boom');
      await expect(
        storage.transaction(async (tx) => {
          await tx.projects.insert(project);
          await tx.subscriptions.insert(subscription);
          await tx.activities.insert({ projectId: project.id, id: 'a1', type: 'registered', receivedAt: at(0), result: 'done' });
          await tx.deliveries.insertEvents([event]);
          await tx.deliveries.insertDeliveries([delivery]);
          throw boom;
        }),
      ).rejects.toBe(boom);
      expect(await storage.projects.get(project.id)).toBeNull();
      expect(await storage.subscriptions.get(project.id, subscription.id)).toBeNull();
      expect(await storage.activities.find(project.id, 'a1')).toBeNull();
      expect(await storage.deliveries.get(project.id, delivery.id)).toBeNull();
      expect(await queue.pendingCount()).toBe(0);
    });

    it('should leave earlier commits alone when a later transaction fails', async () => {
      const { storage } = subject();
      const project = aProject();
      await storage.transaction((tx) => tx.projects.insert(project));
      await expect(
        storage.transaction(async (tx) => {
          await tx.projects.insert(aProject());
          throw new Error('nope');
        }),
      ).rejects.toThrow('nope');
      expect(await storage.projects.get(project.id)).toEqual(project);
    });
  });
}
