import { describe, expect, it } from '@jest/globals';
import { HostLimiter } from './host-limiter.js';

describe('HostLimiter', () => {
  describe('when more work arrives than the limits allow', () => {
    it('should never run more than the total, nor more than the per-host limit for one host', async () => {
      const limiter = new HostLimiter(3, 2);
      const running = new Map<string, number>();
      let peak = 0;
      const peakPerHost = new Map<string, number>();
      const releases: (() => void)[] = [];
      const jobs = ['a', 'a', 'a', 'a', 'b', 'c', 'b'].map((host) =>
        limiter.run(host, async () => {
          running.set(host, (running.get(host) ?? 0) + 1);
          peak = Math.max(peak, [...running.values()].reduce((x, y) => x + y, 0));
          peakPerHost.set(host, Math.max(peakPerHost.get(host) ?? 0, running.get(host) ?? 0));
          await new Promise<void>((resolve) => releases.push(resolve));
          running.set(host, (running.get(host) ?? 1) - 1);
        }),
      );
      while (releases.length > 0 || limiter.size > 0) {
        await Promise.resolve();
        releases.shift()?.();
        await new Promise((r) => setImmediate(r));
      }
      await Promise.all(jobs);
      expect(peak).toBeLessThanOrEqual(3);
      expect(Math.max(...peakPerHost.values())).toBeLessThanOrEqual(2);
      expect(peakPerHost.get('b')).toBeGreaterThan(0);
    });
  });

  describe('when work fails', () => {
    it('should free its slot and pass the error on', async () => {
      const limiter = new HostLimiter(1, 1);
      await expect(limiter.run('a', () => Promise.reject(new Error('x')))).rejects.toThrow('x');
      await expect(limiter.run('a', () => Promise.resolve(1))).resolves.toBe(1);
    });
  });
});

describe('HostLimiter, when the total is the bound', () => {
  it('should let the waiting hosts take turns, each host in arrival order', async () => {
    const limiter = new HostLimiter(1, 1);
    const started: string[] = [];
    const jobs = ['a1', 'a2', 'a3', 'b1', 'b2', 'c1'].map((name) => limiter.run(name.slice(0, 1), async () => void started.push(name)));
    await Promise.all(jobs);
    expect(started).toEqual(['a1', 'a2', 'b1', 'c1', 'a3', 'b2']);
    expect(limiter.size).toBe(0);
  });
});
