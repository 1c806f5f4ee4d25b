import { describe, expect, it } from '@jest/globals';
import type { Subscription } from '../../model/subscription.js';
import { InvalidCursorError } from '../../ports/cursor.js';
import type { OpenSubject } from './contract-subject.js';
import { aProject, aSubscription, at, claimAt, seedDeliveries, seedProject, uid } from './fixtures.js';
import { useSubject } from './use-subject.js';

/** Webhooks: CRUD, lookup by URL, creation order and pages. */
export function subscriptionsContract(open: OpenSubject): void {
  const subject = useSubject(open);

  describe('SubscriptionStore', () => {
    it('should get an inserted subscription within its project only', async () => {
      const { storage } = subject();
      const { project, subscription } = await seedProject(storage);
      const other = aProject();
      await storage.projects.insert(other);
      expect(await storage.subscriptions.get(project.id, subscription.id)).toEqual(subscription);
      expect(await storage.subscriptions.get(other.id, subscription.id)).toBeNull();
      expect(await storage.subscriptions.get(project.id, uid('wh'))).toBeNull();
    });

    it('should update every field but the ids and creation time', async () => {
      const { storage } = subject();
      const { project, subscription } = await seedProject(storage, { subscription: { eventKey: 'form_submit_42', failurePolicy: 'closed' } });
      const changed: Subscription = {
        ...subscription,
        url: 'https://hooks.example.org/moved',
        description: 'rotated',
        enabled: false,
        disabledReason: 'gone',
        timeoutMs: 2_500,
        failurePolicy: 'open',
        secrets: [
          { secret: 'whsec_new', createdAt: at(1_000), expiresAt: null },
          { secret: 'whsec_old', createdAt: at(0), expiresAt: at(86_400_000) },
        ],
        updatedAt: at(1_000),
      };
      await storage.subscriptions.update(changed);
      expect(await storage.subscriptions.get(project.id, subscription.id)).toEqual(changed);
    });

    it('should find a subscription by its URL within its project', async () => {
      const { storage } = subject();
      const { project, subscription } = await seedProject(storage);
      const other = aProject();
      await storage.projects.insert(other);
      expect(await storage.subscriptions.findByUrl(project.id, subscription.url)).toEqual(subscription);
      expect(await storage.subscriptions.findByUrl(other.id, subscription.url)).toBeNull();
      expect(await storage.subscriptions.findByUrl(project.id, `${subscription.url}/x`)).toBeNull();
    });

    describe('delete', () => {
      it('should delete within the project and say whether it did', async () => {
        const { storage } = subject();
        const { project, subscription } = await seedProject(storage);
        expect(await storage.subscriptions.delete(uid('prj'), subscription.id)).toBe(false);
        expect(await storage.subscriptions.delete(project.id, subscription.id)).toBe(true);
        expect(await storage.subscriptions.get(project.id, subscription.id)).toBeNull();
        expect(await storage.subscriptions.delete(project.id, subscription.id)).toBe(false);
      });

      it('should stop its pending deliveries from being claimed', async () => {
        const { storage } = subject();
        const { project, subscription } = await seedProject(storage);
        await seedDeliveries(storage, subscription, 3);
        await storage.subscriptions.delete(project.id, subscription.id);
        expect(await claimAt(subject(), at(1), { limit: 10, leaseMs: 1_000, workerId: 'w1' })).toEqual([]);
      });
    });

    describe('list', () => {
      it('should list in creation order, ties by id, page by page', async () => {
        const { storage } = subject();
        const project = aProject();
        await storage.projects.insert(project);
        // Same creation time for b1..b3: their order is their id order.
        const subs = [
          aSubscription(project.id, { createdAt: at(0) }),
          aSubscription(project.id, { createdAt: at(10) }),
          aSubscription(project.id, { createdAt: at(10) }),
          aSubscription(project.id, { createdAt: at(10) }),
          aSubscription(project.id, { createdAt: at(20) }),
        ];
        for (const s of [subs[3]!, subs[0]!, subs[4]!, subs[2]!, subs[1]!]) await storage.subscriptions.insert(s);
        await seedProject(storage); // another project's webhook stays out
        const seen: Subscription[] = [];
        let cursor: string | undefined;
        let pages = 0;
        do {
          const page = await storage.subscriptions.list(project.id, { limit: 2, ...(cursor === undefined ? {} : { cursor }) });
          expect(page.items.length).toBeLessThanOrEqual(2);
          seen.push(...page.items);
          cursor = page.nextCursor ?? undefined;
          pages += 1;
        } while (cursor !== undefined && pages < 10);
        expect(pages).toBe(3);
        expect(seen).toEqual(subs);
      });

      it('should give no cursor when everything fits', async () => {
        const { storage } = subject();
        const { project, subscription } = await seedProject(storage);
        expect(await storage.subscriptions.list(project.id, { limit: 5 })).toEqual({ items: [subscription], nextCursor: null });
        expect(await storage.subscriptions.list(uid('prj'), { limit: 5 })).toEqual({ items: [], nextCursor: null });
      });
    });

    describe('a cursor the store did not make', () => {
      it('should be refused with InvalidCursorError, by subscriptions and deliveries alike', async () => {
        const { storage } = subject();
        const { project } = await seedProject(storage);
        for (const cursor of ['not-a-cursor', Buffer.from('[1,2]').toString('base64url'), '%%%']) {
          await expect(storage.subscriptions.list(project.id, { limit: 10, cursor })).rejects.toBeInstanceOf(InvalidCursorError);
          await expect(storage.deliveries.list(project.id, {}, { limit: 10, cursor })).rejects.toBeInstanceOf(InvalidCursorError);
        }
      });
    });

    describe('listForEvents', () => {
      it('should list every subscription to those keys, enabled or not, in creation order', async () => {
        const { storage } = subject();
        const project = aProject();
        await storage.projects.insert(project);
        const a = aSubscription(project.id, { eventKey: 'form_submit_42', createdAt: at(30) });
        const b = aSubscription(project.id, { eventKey: 'form_submit_42', createdAt: at(10), enabled: false, disabledReason: 'gone' });
        const c = aSubscription(project.id, { eventKey: 'form_preprocess', createdAt: at(20) });
        const d = aSubscription(project.id, { eventKey: 'user_registered', createdAt: at(0) });
        for (const s of [a, b, c, d]) await storage.subscriptions.insert(s);
        expect(await storage.subscriptions.listForEvents(project.id, ['form_submit_42', 'form_preprocess'])).toEqual([b, c, a]);
        expect(await storage.subscriptions.listForEvents(project.id, ['form_submit_7'])).toEqual([]);
        expect(await storage.subscriptions.listForEvents(project.id, [])).toEqual([]);
      });
    });
  });
}
