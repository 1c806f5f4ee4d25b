import { describe, expect, it } from '@jest/globals';
import type { LiveEvent, LiveSubscription } from '../../ports/live-events.port.js';
import type { OpenSubject } from './contract-subject.js';
import { aDelivery, aProject, anEvent, at, claimAt, seedProject } from './fixtures.js';
import { useSubject } from './use-subject.js';

/** The next event of `subscription`, or a failure naming `what` after a few seconds. */
async function next(subscription: LiveSubscription, what: string): Promise<LiveEvent> {
  const iterator = subscription[Symbol.asyncIterator]();
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no live event: ${what}`)), 5_000)));
  try {
    const result = await Promise.race([iterator.next(), late]);
    if (result.done === true) throw new Error(`the subscription ended: ${what}`);
    return result.value;
  } finally {
    clearTimeout(timer);
  }
}

/** Live events (`webhooks listen`): published events reach the subscriptions that want them, with the bytes a webhook gets. */
export function liveEventsContract(open: OpenSubject): void {
  const subject = useSubject(open);

  describe('LiveEvents', () => {
    it('should hand an event published while subscribed, with exactly the body a claimed delivery of it is sent', async () => {
      const { storage, live } = subject();
      const { project, subscription } = await seedProject(storage);
      // Keys in an order jsonb does not keep, text that needs escaping: the body is what storage gives back, not what went in.
      const event = anEvent(project.id, { payload: { zeta: 1, a: { nested: ['x', 2, null] }, text: 'é "quoted" \\ \u2028', longer_key: true } });
      await storage.deliveries.insertEvents([event]);
      await storage.deliveries.insertDeliveries([aDelivery(event, subscription)]);
      const listening = await live.subscribe(project.id, ['user_registered']);
      try {
        await live.publish([event]);
        const got = await next(listening, 'the published event');
        const [claimed] = await claimAt(subject(), at(0), { limit: 1, leaseMs: 30_000, workerId: 'w1' });
        expect(got).toEqual({ id: event.id, key: 'user_registered', occurredAt: event.occurredAt, body: claimed!.body });
      } finally {
        await listening.close();
      }
    });

    it('should hand only the keys and the project subscribed to, in the order published', async () => {
      const { storage, live } = subject();
      const { project } = await seedProject(storage);
      const other = aProject();
      await storage.projects.insert(other);
      const listening = await live.subscribe(project.id, ['login_success', 'form_submitted']);
      try {
        const wanted = [anEvent(project.id, { key: 'login_success' }), anEvent(project.id, { key: 'form_submitted' })];
        await live.publish([anEvent(project.id, { key: 'user_registered' }), anEvent(other.id, { key: 'login_success' }), wanted[0]!]);
        await live.publish([wanted[1]!]);
        expect([(await next(listening, 'the first wanted event')).id, (await next(listening, 'the second wanted event')).id]).toEqual(wanted.map((e) => e.id));
      } finally {
        await listening.close();
      }
    });

    it('should hand an event to every subscription that wants it, and nothing of what was published before subscribing', async () => {
      const { storage, live } = subject();
      const { project } = await seedProject(storage);
      await live.publish([anEvent(project.id)]);
      const [first, second] = [await live.subscribe(project.id, ['user_registered']), await live.subscribe(project.id, ['user_registered'])];
      try {
        const event = anEvent(project.id);
        await live.publish([event]);
        expect((await next(first, 'the event, first subscription')).id).toBe(event.id);
        expect((await next(second, 'the event, second subscription')).id).toBe(event.id);
      } finally {
        await first.close();
        await second.close();
      }
    });

    it('should end the iteration when closed, and hand nothing more', async () => {
      const { storage, live } = subject();
      const { project } = await seedProject(storage);
      const listening = await live.subscribe(project.id, ['user_registered']);
      const iterator = listening[Symbol.asyncIterator]();
      const pending = iterator.next();
      await listening.close();
      expect(await pending).toEqual({ value: undefined, done: true });
      await live.publish([anEvent(project.id)]);
      expect(await iterator.next()).toEqual({ value: undefined, done: true });
    });

    it('should publish nothing, and not fail, when nobody listens', async () => {
      const { storage, live } = subject();
      const { project } = await seedProject(storage);
      await expect(live.publish([anEvent(project.id)])).resolves.toBeUndefined();
    });
  });
}
