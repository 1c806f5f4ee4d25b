import type { LiveEvent, LiveSubscription } from '../ports/live-events.port.js';

/**
 * The events of one live subscription, queued until its reader takes them: adapters `push` what
 * arrives and `end` it; the reader iterates, and `close` ends it from the reader's side too
 * (calling `onClose` once, for the adapter to forget the subscription).
 */
export class LiveEventQueue implements LiveSubscription {
  private readonly queued: LiveEvent[] = [];
  private waiting: ((next: IteratorResult<LiveEvent>) => void) | null = null;
  private ended = false;
  private closing: Promise<void> | null = null;

  constructor(private readonly onClose: () => Promise<void>) {}

  /** True once ended or closed: nothing more is pushed. */
  get done(): boolean {
    return this.ended;
  }

  /** Hands `event` to the reader (now if it waits, else when it next asks). Ignored once ended. */
  push(event: LiveEvent): void {
    if (this.ended) return;
    const waiting = this.waiting;
    if (waiting) {
      this.waiting = null;
      waiting({ value: event, done: false });
    } else {
      this.queued.push(event);
    }
  }

  /** Ends the iteration after what is queued (the storage closed). */
  end(): void {
    this.ended = true;
    const waiting = this.waiting;
    this.waiting = null;
    waiting?.({ value: undefined, done: true });
  }

  /** Ends the iteration and tells the adapter, once. */
  close(): Promise<void> {
    this.end();
    this.queued.length = 0;
    return (this.closing ??= this.onClose());
  }

  [Symbol.asyncIterator](): AsyncIterator<LiveEvent> {
    return {
      next: () => {
        const event = this.queued.shift();
        if (event !== undefined) return Promise.resolve({ value: event, done: false });
        if (this.ended) return Promise.resolve({ value: undefined, done: true });
        return new Promise((resolve) => (this.waiting = resolve));
      },
      return: async () => {
        await this.close();
        return { value: undefined, done: true };
      },
    };
  }
}
