import type { WebhookEvent } from '../model/event.js';

/** One event as a live listener gets it. */
export interface LiveEvent {
  /** The event id: the `webhook-id` a webhook of it gets. */
  readonly id: string;
  readonly key: string;
  readonly occurredAt: Date;
  /** The serialised payload: exactly the bytes a webhook of this event is sent (and signed over). */
  readonly body: string;
}

/** A live listener's events as they come, until it is closed (or the storage closes). */
export interface LiveSubscription extends AsyncIterable<LiveEvent> {
  /** Stops listening; the iteration ends. */
  close(): Promise<void>;
}

/**
 * Live listeners of a project's events (`webhooks listen`). Best effort and at most once: an event
 * recorded while a listener is subscribed reaches it once, unless the listener is gone before it is
 * handed over; nothing is kept for a listener that is not subscribed. Any process may publish and
 * any process may hold subscriptions (Postgres carries events between them).
 */
export interface LiveEvents {
  /**
   * Offers events just committed to the listeners that want them (project and key). Cheap when
   * nobody listens. Never throws: a failure is the listener's loss, not the caller's.
   */
  publish(events: readonly WebhookEvent[]): Promise<void>;
  /** Subscribes to `keys` of `projectId`; resolves once events published from then on reach it. */
  subscribe(projectId: string, keys: readonly string[]): Promise<LiveSubscription>;
}
