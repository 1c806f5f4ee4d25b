import { describe, expect, it } from '@jest/globals';
import type { Settled } from './group-commit.js';
import { GroupCommit } from './group-commit.js';

/** One call of `run`: the items it was given, and the means to end it. */
interface Call<I, O> {
  readonly items: readonly I[];
  readonly finish: (results: readonly Settled<O>[]) => void;
  readonly fail: (error: unknown) => void;
}

/** A `run` whose calls end only when the test says so (deferred promises, no timers). */
function controlledRun<I, O>() {
  const calls: Call<I, O>[] = [];
  const waiters: { readonly n: number; readonly resolve: () => void }[] = [];
  const run = (items: readonly I[]) =>
    new Promise<readonly Settled<O>[]>((finish, fail) => {
      calls.push({ items, finish, fail });
      for (const w of waiters.filter((x) => calls.length >= x.n)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve();
      }
    });
  /** The `n`th call (1-based), once it has been made. */
  const call = async (n: number): Promise<Call<I, O>> => {
    if (calls.length < n) await new Promise<void>((resolve) => waiters.push({ n, resolve }));
    return calls[n - 1]!;
  };
  return { run, calls, call, sizes: () => calls.map((c) => c.items.length) };
}

/** Every item succeeds with ten times its value. */
const tenfold = (items: readonly number[]): Settled<number>[] => items.map((i) => ({ ok: true, value: i * 10 }));

/** The outcome of a submission, without leaving a rejection unhandled. */
const settle = <T>(promise: Promise<T>): Promise<Settled<T>> =>
  promise.then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error }),
  );

describe('GroupCommit', () => {
  describe('when a lone item is submitted', () => {
    it('should run it at once as a batch of one and resolve with its value', async () => {
      const runner = controlledRun<number, number>();
      const commit = new GroupCommit(runner.run, { maxBatch: 10, maxInFlight: 1 });
      const answer = commit.submit(7);
      expect(runner.calls.map((c) => c.items)).toEqual([[7]]);
      expect(commit.waiting).toBe(0);
      (await runner.call(1)).finish(tenfold([7]));
      await expect(answer).resolves.toBe(70);
    });
  });

  describe('when items arrive while every batch runs', () => {
    it('should queue them and run them together as the next batch', async () => {
      const runner = controlledRun<number, number>();
      const commit = new GroupCommit(runner.run, { maxBatch: 10, maxInFlight: 1 });
      const answers = [1, 2, 3, 4].map((i) => commit.submit(i));
      expect(runner.sizes()).toEqual([1]);
      expect(commit.waiting).toBe(3);
      (await runner.call(1)).finish(tenfold([1]));
      const second = await runner.call(2);
      expect(second.items).toEqual([2, 3, 4]);
      expect(commit.waiting).toBe(0);
      second.finish(tenfold([2, 3, 4]));
      await expect(Promise.all(answers)).resolves.toEqual([10, 20, 30, 40]);
      expect(runner.sizes()).toEqual([1, 3]);
    });

    it('should start up to maxInFlight batches at once before gathering', async () => {
      const runner = controlledRun<number, number>();
      const commit = new GroupCommit(runner.run, { maxBatch: 10, maxInFlight: 2 });
      const answers = [1, 2, 3, 4, 5].map((i) => commit.submit(i));
      expect(runner.calls.map((c) => c.items)).toEqual([[1], [2]]);
      expect(commit.waiting).toBe(3);
      // The second batch ends first: its slot takes everything queued.
      (await runner.call(2)).finish(tenfold([2]));
      const third = await runner.call(3);
      expect(third.items).toEqual([3, 4, 5]);
      // Arriving while both slots are busy again: waits for the next free slot.
      const late = commit.submit(6);
      expect(commit.waiting).toBe(1);
      third.finish(tenfold([3, 4, 5]));
      const fourth = await runner.call(4);
      expect(fourth.items).toEqual([6]);
      fourth.finish(tenfold([6]));
      (await runner.call(1)).finish(tenfold([1]));
      await expect(Promise.all([...answers, late])).resolves.toEqual([10, 20, 30, 40, 50, 60]);
      expect(runner.sizes()).toEqual([1, 1, 3, 1]);
    });
  });

  describe('when more items queue than maxBatch', () => {
    it('should split the queue into batches of at most maxBatch, in order', async () => {
      const runner = controlledRun<number, number>();
      const commit = new GroupCommit(runner.run, { maxBatch: 2, maxInFlight: 1 });
      const answers = [1, 2, 3, 4, 5, 6].map((i) => commit.submit(i));
      expect(commit.waiting).toBe(5);
      for (let n = 1; n <= 4; n += 1) {
        const call = await runner.call(n);
        call.finish(tenfold(call.items));
      }
      await expect(Promise.all(answers)).resolves.toEqual([10, 20, 30, 40, 50, 60]);
      expect(runner.calls.map((c) => c.items)).toEqual([[1], [2, 3], [4, 5], [6]]);
      expect(commit.waiting).toBe(0);
    });
  });

  describe('when a batch settles items differently', () => {
    it('should give each caller its own value or its own error', async () => {
      const runner = controlledRun<string, string>();
      const commit = new GroupCommit(runner.run, { maxBatch: 10, maxInFlight: 1 });
      const first = settle(commit.submit('first'));
      const answers = ['a', 'bad', 'c'].map((i) => settle(commit.submit(i)));
      (await runner.call(1)).finish([{ ok: true, value: 'FIRST' }]);
      const badError = new Error('bad item');
      (await runner.call(2)).finish([
        { ok: true, value: 'A' },
        { ok: false, error: badError },
        { ok: true, value: 'C' },
      ]);
      expect(await first).toEqual({ ok: true, value: 'FIRST' });
      const [a, bad, c] = await Promise.all(answers);
      expect(a).toEqual({ ok: true, value: 'A' });
      expect(c).toEqual({ ok: true, value: 'C' });
      expect(bad).toEqual({ ok: false, error: badError });
      expect(bad?.ok === false && bad.error).toBe(badError);
    });
  });

  describe('when run throws', () => {
    it('should reject every item of that batch with the error, and still run later batches', async () => {
      const runner = controlledRun<number, number>();
      const commit = new GroupCommit(runner.run, { maxBatch: 10, maxInFlight: 1 });
      const first = settle(commit.submit(1));
      const doomed = [2, 3].map((i) => settle(commit.submit(i)));
      (await runner.call(1)).finish(tenfold([1]));
      const second = await runner.call(2);
      const later = [4, 5].map((i) => settle(commit.submit(i)));
      expect(commit.waiting).toBe(2);
      const failure = new Error('transaction failed');
      second.fail(failure);
      expect(await Promise.all(doomed)).toEqual([
        { ok: false, error: failure },
        { ok: false, error: failure },
      ]);
      const third = await runner.call(3);
      expect(third.items).toEqual([4, 5]);
      third.finish(tenfold([4, 5]));
      expect(await first).toEqual({ ok: true, value: 10 });
      expect(await Promise.all(later)).toEqual([
        { ok: true, value: 40 },
        { ok: true, value: 50 },
      ]);
    });

    it('should reject the batch also when run throws before returning a promise', async () => {
      const failure = new Error('sync failure');
      let calls = 0;
      const commit = new GroupCommit<number, number>(
        (items) => {
          calls += 1;
          if (calls === 1) throw failure;
          return Promise.resolve(tenfold(items));
        },
        { maxBatch: 10, maxInFlight: 1 },
      );
      await expect(commit.submit(1)).rejects.toBe(failure);
      await expect(commit.submit(2)).resolves.toBe(20);
      expect(calls).toBe(2);
    });
  });

  describe('when run returns fewer results than items', () => {
    it('should resolve those it answered and reject the missing ones', async () => {
      const runner = controlledRun<number, number>();
      const commit = new GroupCommit(runner.run, { maxBatch: 10, maxInFlight: 1 });
      const first = settle(commit.submit(1));
      const answers = [2, 3, 4].map((i) => settle(commit.submit(i)));
      (await runner.call(1)).finish([]);
      (await runner.call(2)).finish(tenfold([2]));
      const missing = await first;
      expect(missing.ok).toBe(false);
      expect(!missing.ok && missing.error).toEqual(new Error('batch returned 0 results for 1 items'));
      const [two, three, four] = await Promise.all(answers);
      expect(two).toEqual({ ok: true, value: 20 });
      expect(!three?.ok && three?.error).toEqual(new Error('batch returned 1 results for 3 items'));
      expect(!four?.ok && four?.error).toEqual(new Error('batch returned 1 results for 3 items'));
    });
  });

  describe('when constructed with limits below one', () => {
    it('should refuse them', () => {
      const run = async (items: readonly number[]) => tenfold(items);
      expect(() => new GroupCommit(run, { maxBatch: 0, maxInFlight: 1 })).toThrow(RangeError);
      expect(() => new GroupCommit(run, { maxBatch: 1, maxInFlight: 0 })).toThrow(RangeError);
      expect(() => new GroupCommit(run, { maxBatch: -3, maxInFlight: -1 })).toThrow('maxBatch and maxInFlight must be at least 1');
      expect(() => new GroupCommit(run, { maxBatch: 1, maxInFlight: 1 })).not.toThrow();
    });
  });

  describe('when asked how many wait', () => {
    it('should count queued items only, not those running', async () => {
      const runner = controlledRun<number, number>();
      const commit = new GroupCommit(runner.run, { maxBatch: 2, maxInFlight: 1 });
      expect(commit.waiting).toBe(0);
      const answers = [1, 2, 3, 4].map((i) => commit.submit(i));
      expect(commit.waiting).toBe(3);
      (await runner.call(1)).finish(tenfold([1]));
      const second = await runner.call(2);
      expect(second.items).toEqual([2, 3]);
      expect(commit.waiting).toBe(1);
      second.finish(tenfold([2, 3]));
      const third = await runner.call(3);
      expect(commit.waiting).toBe(0);
      third.finish(tenfold([4]));
      await expect(Promise.all(answers)).resolves.toEqual([10, 20, 30, 40]);
      expect(commit.waiting).toBe(0);
    });
  });
});
