import type { WebhookEvent } from '../model/event.js';
import { LiveEventQueue } from '../live/live-event-queue.js';
import type { LiveEvents, LiveSubscription } from '../ports/live-events.port.js';

interface Listener {
  readonly projectId: string;
  readonly keys: ReadonlySet<string>;
  readonly queue: LiveEventQueue;
}

/** Live listeners in one process: a published event goes straight to the subscriptions that want it. */
export class InMemoryLiveEvents implements LiveEvents {
  private readonly listeners = new Set<Listener>();

  async publish(events: readonly WebhookEvent[]): Promise<void> {
    for (const event of events) {
      for (const listener of this.listeners) {
        if (listener.projectId !== event.projectId || !listener.keys.has(event.key)) continue;
        // The bytes the in-memory queue sends a webhook of this event (see InMemoryStorage.claimDue).
        listener.queue.push({ id: event.id, key: event.key, occurredAt: event.occurredAt, body: JSON.stringify(event.payload) });
      }
    }
  }

  async subscribe(projectId: string, keys: readonly string[]): Promise<LiveSubscription> {
    const listener: Listener = { projectId, keys: new Set(keys), queue: new LiveEventQueue(async () => void this.listeners.delete(listener)) };
    this.listeners.add(listener);
    return listener.queue;
  }

  /** How many subscriptions are open (tests check that closing forgets them). */
  get size(): number {
    return this.listeners.size;
  }

  /** Ends every subscription. */
  close(): void {
    for (const listener of this.listeners) listener.queue.end();
    this.listeners.clear();
  }
}
