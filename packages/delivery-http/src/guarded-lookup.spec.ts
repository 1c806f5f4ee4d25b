import type { LookupAddress } from 'node:dns';
import type { LookupFunction } from 'node:net';
import { describe, expect, it, jest } from '@jest/globals';
import { createGuardedLookup, type HostResolver } from './guarded-lookup.js';

interface LookupAnswer {
  readonly error: NodeJS.ErrnoException | null;
  readonly address: string | LookupAddress[];
  readonly family: number | undefined;
}

/** Calls a lookup function the way `net.connect` does and collects its answer. */
function lookup(fn: LookupFunction, hostName: string, all: boolean): Promise<LookupAnswer> {
  return new Promise((resolve) => {
    fn(hostName, { all, family: 0 }, (error, address, family) => resolve({ error, address, family }));
  });
}

const answers: Record<string, LookupAddress[]> = {
  'public.test': [
    { address: '93.184.216.34', family: 4 },
    { address: '2606:2800:220:1:248:1893:25c8:1946', family: 6 },
  ],
  'mixed.test': [
    { address: '93.184.216.34', family: 4 },
    { address: '10.0.0.7', family: 4 },
  ],
  'empty.test': [],
};

function fakeResolver(): jest.Mock<HostResolver> {
  return jest.fn<HostResolver>((name) => Promise.resolve(answers[name] ?? []));
}

describe(createGuardedLookup.name, () => {
  describe('when every resolved address is public', () => {
    it('should hand back exactly the addresses it checked, all of them', async () => {
      const fn = createGuardedLookup({ allowPrivateTargets: false, resolve: fakeResolver() });

      expect(await lookup(fn, 'public.test', true)).toEqual({ error: null, address: answers['public.test'], family: undefined });
    });

    it('should hand back the first one when one address is asked for', async () => {
      const fn = createGuardedLookup({ allowPrivateTargets: false, resolve: fakeResolver() });

      expect(await lookup(fn, 'public.test', false)).toEqual({ error: null, address: '93.184.216.34', family: 4 });
    });
  });

  describe('when any resolved address is forbidden', () => {
    it('should refuse the name with ERR_SSRF_BLOCKED', async () => {
      const fn = createGuardedLookup({ allowPrivateTargets: false, resolve: fakeResolver() });

      const { error } = await lookup(fn, 'mixed.test', true);

      expect(error).toMatchObject({ code: 'ERR_SSRF_BLOCKED', message: 'mixed.test resolves to 10.0.0.7, refused: private' });
    });

    it('should let it through when private targets are allowed', async () => {
      const fn = createGuardedLookup({ allowPrivateTargets: true, resolve: fakeResolver() });

      expect((await lookup(fn, 'mixed.test', true)).address).toEqual(answers['mixed.test']);
    });
  });

  describe('when the name is refused by name', () => {
    it('should refuse it without resolving', async () => {
      const resolve = fakeResolver();
      const fn = createGuardedLookup({ allowPrivateTargets: false, resolve });

      const { error } = await lookup(fn, 'metadata.google.internal', false);

      expect(error).toMatchObject({ code: 'ERR_SSRF_BLOCKED' });
      expect(resolve).not.toHaveBeenCalled();
    });
  });

  describe('when the name cannot resolve', () => {
    it.each([true, false])('should answer ENOTFOUND for .invalid without asking the resolver (guard off: %s)', async (allowPrivateTargets) => {
      const resolve = fakeResolver();
      const fn = createGuardedLookup({ allowPrivateTargets, resolve });

      const { error } = await lookup(fn, 'nothing.invalid', false);

      expect(error).toMatchObject({ code: 'ENOTFOUND' });
      expect(resolve).not.toHaveBeenCalled();
    });

    it('should answer ENOTFOUND for an empty answer', async () => {
      const fn = createGuardedLookup({ allowPrivateTargets: false, resolve: fakeResolver() });

      expect((await lookup(fn, 'empty.test', false)).error).toMatchObject({ code: 'ENOTFOUND' });
    });

    it("should pass the resolver's own error on", async () => {
      const failure = Object.assign(new Error('getaddrinfo EAI_AGAIN slow.test'), { code: 'EAI_AGAIN' });
      const fn = createGuardedLookup({ allowPrivateTargets: false, resolve: () => Promise.reject(failure) });

      expect((await lookup(fn, 'slow.test', true)).error).toBe(failure);
    });
  });
});
