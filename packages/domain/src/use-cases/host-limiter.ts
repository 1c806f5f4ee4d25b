/**
 * Bounds work in flight in total and per key (a target host), running queued work in arrival
 * order as slots free up, so one slow receiver cannot take every slot.
 */
export class HostLimiter {
  private total = 0;
  private readonly perKey = new Map<string, number>();
  private readonly waiting: { key: string; start: () => void }[] = [];

  constructor(
    private readonly maxTotal: number,
    private readonly maxPerKey: number,
  ) {}

  /** Work started or waiting. */
  get size(): number {
    return this.total + this.waiting.length;
  }

  /** Runs `work` when a slot for `key` is free; resolves with its result. */
  run<T>(key: string, work: () => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const start = () => {
        this.total += 1;
        this.perKey.set(key, (this.perKey.get(key) ?? 0) + 1);
        work()
          .then(resolve, reject)
          .finally(() => {
            this.total -= 1;
            const left = (this.perKey.get(key) ?? 1) - 1;
            if (left === 0) this.perKey.delete(key);
            else this.perKey.set(key, left);
            this.pump();
          });
      };
      this.waiting.push({ key, start });
      this.pump();
    });
  }

  private pump(): void {
    for (let i = 0; i < this.waiting.length && this.total < this.maxTotal; ) {
      const next = this.waiting[i];
      if (next && (this.perKey.get(next.key) ?? 0) < this.maxPerKey) {
        this.waiting.splice(i, 1);
        next.start();
      } else {
        i += 1;
      }
    }
  }
}
