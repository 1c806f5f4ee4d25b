import { describe, expect, it } from '@jest/globals';
import { Waiters } from './waiters.js';

describe('Waiters', () => {
  it('should wake every sleeper at once', async () => {
    const waiters = new Waiters();
    const sleeping = [waiters.wait(60_000), waiters.wait(60_000)];
    waiters.wake();
    await expect(Promise.all(sleeping)).resolves.toEqual([undefined, undefined]);
  });

  describe('when woken with nobody asleep', () => {
    it('should let the next wait return at once, and only that one', async () => {
      const waiters = new Waiters();
      waiters.wake();
      await waiters.wait(60_000);
      const started = performance.now();
      await waiters.wait(20);
      expect(performance.now() - started).toBeGreaterThanOrEqual(15);
    });
  });

  describe('when closed', () => {
    it('should release sleepers and never sleep again', async () => {
      const waiters = new Waiters();
      const sleeping = waiters.wait(60_000);
      waiters.close();
      await sleeping;
      await waiters.wait(60_000);
    });
  });
});
