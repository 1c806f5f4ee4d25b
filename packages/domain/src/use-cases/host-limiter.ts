/**
 * Bounds work in flight in total and per key (a target host), so one slow receiver cannot take
 * every slot. Work waits in a queue per key, in arrival order; when slots free up, the keys take
 * turns.
 */
export class HostLimiter {
  private total = 0;
  private queued = 0;
  private readonly running = new Map<string, number>();
  /** Work waiting for a slot, per key; a key is here only while some of its work waits. */
  private readonly waiting = new Map<string, (() => void)[]>();

  constructor(
    private readonly maxTotal: number,
    private readonly maxPerKey: number,
  ) {}

  /** Work started or waiting. */
  get size(): number {
    return this.total + this.queued;
  }

  /** Runs `work` when a slot for `key` is free; resolves with its result. */
  run<T>(key: string, work: () => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const start = () => {
        work()
          .then(resolve, reject)
          .finally(() => {
            this.total -= 1;
            const left = (this.running.get(key) ?? 1) - 1;
            if (left === 0) this.running.delete(key);
            else this.running.set(key, left);
            this.pump();
          });
      };
      const queue = this.waiting.get(key);
      if (queue) queue.push(start);
      else this.waiting.set(key, [start]);
      this.queued += 1;
      this.pump();
    });
  }

  /**
   * Starts waiting work while slots are free, one at a time per key: a key that started one goes
   * to the back of the turn (a Map keeps insertion order, and iterating it visits what was added
   * meanwhile), so hosts take turns and each host's work starts in arrival order.
   */
  private pump(): void {
    for (const [key, queue] of this.waiting) {
      if (this.total >= this.maxTotal) return;
      const running = this.running.get(key) ?? 0;
      if (running >= this.maxPerKey) continue;
      const start = queue.shift() as () => void;
      this.waiting.delete(key);
      if (queue.length > 0) this.waiting.set(key, queue);
      this.running.set(key, running + 1);
      this.total += 1;
      this.queued -= 1;
      start();
    }
  }
}
