import { describe, expect, it, jest } from '@jest/globals';
import { SharedReads } from './shared-reads.js';

function deferred<T>() {
  let resolve: (value: T) => void = () => undefined;
  let reject: (error: unknown) => void = () => undefined;
  const promise = new Promise<T>((ok, fail) => {
    resolve = ok;
    reject = fail;
  });
  return { promise, resolve, reject };
}

describe('SharedReads', () => {
  describe('when reads of one key arrive while one runs', () => {
    it('should answer them all with the next read, not the running one', async () => {
      const reads = new SharedReads<string>();
      const first = deferred<string>();
      const second = deferred<string>();
      const load = jest.fn<() => Promise<string>>().mockReturnValueOnce(first.promise).mockReturnValueOnce(second.promise);
      const running = reads.read('k', load);
      const waiting = [reads.read('k', load), reads.read('k', load), reads.read('k', load)];
      expect(load).toHaveBeenCalledTimes(1);
      first.resolve('before the change');
      expect(await running).toBe('before the change');
      second.resolve('after the change');
      expect(await Promise.all(waiting)).toEqual(['after the change', 'after the change', 'after the change']);
      expect(load).toHaveBeenCalledTimes(2);
      expect(reads.active).toBe(0);
    });
  });

  describe('when keys differ', () => {
    it('should read them apart, a hanging read of one not holding the other', async () => {
      const reads = new SharedReads<string>();
      void reads.read('slow', () => new Promise<string>(() => undefined));
      expect(await reads.read('fast', async () => 'fast value')).toBe('fast value');
      expect(reads.active).toBe(1);
    });
  });

  describe('when a read fails', () => {
    it('should reject those it answers and read again for the next caller', async () => {
      const reads = new SharedReads<string>();
      const boom = new Error('down');
      await expect(reads.read('k', async () => Promise.reject(boom))).rejects.toBe(boom);
      expect(await reads.read('k', async () => 'back')).toBe('back');
      expect(reads.active).toBe(0);
    });
  });

  describe('when nothing is running', () => {
    it('should read afresh every time (nothing is cached)', async () => {
      const reads = new SharedReads<number>();
      let value = 0;
      expect(await reads.read('k', async () => (value += 1))).toBe(1);
      expect(await reads.read('k', async () => (value += 1))).toBe(2);
    });
  });
});
