/**
 * Sleepers woken together. A wake with nobody asleep is kept for the next `wait`, so a
 * notification that lands between a worker's empty claim and its `wait` is not lost (at worst
 * it costs one extra claim).
 */
export class Waiters {
  private readonly sleeping = new Set<() => void>();
  private missed = false;
  private closed = false;

  /** Resolves on the next wake, after `timeoutMs`, or when `signal` aborts; never rejects. */
  wait(timeoutMs: number, signal?: AbortSignal): Promise<void> {
    if (this.closed || signal?.aborted) return Promise.resolve();
    if (this.missed) {
      this.missed = false;
      return Promise.resolve();
    }
    return new Promise<void>((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.sleeping.delete(done);
        signal?.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, Math.max(0, timeoutMs));
      this.sleeping.add(done);
      signal?.addEventListener('abort', done, { once: true });
    });
  }

  /** Wakes every sleeper (or remembers the wake for the next one). */
  wake(): void {
    if (this.sleeping.size === 0) {
      this.missed = true;
      return;
    }
    for (const done of [...this.sleeping]) done();
  }

  /** Wakes everyone, for good: later waits resolve at once. */
  close(): void {
    this.closed = true;
    for (const done of [...this.sleeping]) done();
  }
}
