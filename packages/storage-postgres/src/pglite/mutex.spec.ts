import { describe, expect, it } from '@jest/globals';
import { Mutex } from './mutex.js';

describe('Mutex', () => {
  it('should run holders one at a time, in arrival order', async () => {
    const mutex = new Mutex();
    const log: string[] = [];
    const job = (name: string) =>
      mutex.run(async () => {
        log.push(`${name} in`);
        await new Promise((resolve) => setImmediate(resolve));
        log.push(`${name} out`);
      });
    await Promise.all([job('a'), job('b'), job('c')]);
    expect(log).toEqual(['a in', 'a out', 'b in', 'b out', 'c in', 'c out']);
  });

  it('should pass the lock on when a holder throws', async () => {
    const mutex = new Mutex();
    await expect(mutex.run(() => Promise.reject(new Error('x')))).rejects.toThrow('x');
    await expect(mutex.run(async () => 'next')).resolves.toBe('next');
  });
});
