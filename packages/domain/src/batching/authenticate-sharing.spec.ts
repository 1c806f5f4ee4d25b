import { describe, expect, it, jest } from '@jest/globals';
import type { Admin, Project } from '../model/project.js';
import type { Storage } from '../ports/storage.port.js';
import { Authenticate } from '../use-cases/authenticate.js';
import type { Principal } from '../use-cases/authenticate.js';
import { hashKey } from '../use-cases/keys.js';
import { projectWithAdmin } from '../use-cases/fixtures.spec-helper.js';
import { sharedStoreReads } from './shared-store-reads.js';

const OPERATOR = 'operator-test-token';

/** A promise the test resolves. */
function deferred() {
  let open = () => {};
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
}

/**
 * An Authenticate over a real in-memory service whose key lookups are counted and, while `gate`
 * is set, held (after reading) until it opens, so requests can be made to overlap.
 */
async function setUp() {
  const { service, project, platformKey, admin, apiKey } = await projectWithAdmin();
  const real = service.storage;
  const gates: { gate: Promise<void> | null } = { gate: null };
  const held = async <T>(read: Promise<T>): Promise<T> => {
    const value = await read;
    if (gates.gate) await gates.gate;
    return value;
  };
  const findByPlatformKeyHash = jest.fn((hash: string): Promise<Project | null> => held(real.projects.findByPlatformKeyHash(hash)));
  const findByApiKeyHash = jest.fn((hash: string): Promise<Admin | null> => held(real.admins.findByApiKeyHash(hash)));
  const storage: Storage = Object.assign(Object.create(real) as Storage, {
    projects: { ...real.projects, findByPlatformKeyHash },
    admins: { ...real.admins, findByApiKeyHash },
  });
  const authenticate = new Authenticate({ storage: sharedStoreReads(storage), operatorToken: OPERATOR });
  return { service, project, platformKey, admin, apiKey, authenticate, findByPlatformKeyHash, findByApiKeyHash, gates };
}

const many = (authenticate: Authenticate, token: string | undefined, n: number): Promise<(Principal | null)[]> =>
  Promise.all(Array.from({ length: n }, () => authenticate.execute(token)));

describe('Authenticate sharing lookups', () => {
  describe('when 20 requests bring the same platform key at once', () => {
    it('should give each the platform principal: the first read alone, the other 19 sharing one read', async () => {
      const { project, platformKey, authenticate, findByPlatformKeyHash } = await setUp();
      const principals = await many(authenticate, platformKey, 20);
      expect(principals).toEqual(Array.from({ length: 20 }, () => ({ kind: 'platform', projectId: project.id })));
      expect(findByPlatformKeyHash).toHaveBeenCalledTimes(2);
      expect(findByPlatformKeyHash.mock.calls).toEqual([[hashKey(platformKey)], [hashKey(platformKey)]]);
    });
  });

  describe('when 20 requests bring the same platform key while a lookup runs', () => {
    it('should read the key once for all 20, after the running lookup', async () => {
      const { project, platformKey, authenticate, findByPlatformKeyHash, gates } = await setUp();
      const gate = deferred();
      gates.gate = gate.promise;
      const first = authenticate.execute(platformKey);
      const burst = many(authenticate, platformKey, 20);
      expect(findByPlatformKeyHash).toHaveBeenCalledTimes(1);
      gates.gate = null;
      gate.open();
      expect(await first).toEqual({ kind: 'platform', projectId: project.id });
      expect(await burst).toEqual(Array.from({ length: 20 }, () => ({ kind: 'platform', projectId: project.id })));
      expect(findByPlatformKeyHash).toHaveBeenCalledTimes(2);
    });
  });

  describe('when requests come one after another', () => {
    it('should read again each time (nothing is cached)', async () => {
      const { platformKey, authenticate, findByPlatformKeyHash } = await setUp();
      await authenticate.execute(platformKey);
      await authenticate.execute(platformKey);
      await authenticate.execute(platformKey);
      expect(findByPlatformKeyHash).toHaveBeenCalledTimes(3);
    });
  });

  describe('when the key is rotated while a lookup runs', () => {
    it('should refuse the old key to every request arriving after the change, and accept the new one', async () => {
      const { service, project, platformKey, authenticate, findByPlatformKeyHash, gates } = await setUp();
      const gate = deferred();
      gates.gate = gate.promise;
      const before = authenticate.execute(platformKey);
      await service.storage.projects.insert({ ...project, platformKeyHash: hashKey('pk_rotated') });
      const after = many(authenticate, platformKey, 3);
      const rotated = authenticate.execute('pk_rotated');
      gates.gate = null;
      gate.open();
      // Read before the change: the request that arrived before it may pass.
      expect(await before).toEqual({ kind: 'platform', projectId: project.id });
      expect(await after).toEqual([null, null, null]);
      expect(await rotated).toEqual({ kind: 'platform', projectId: project.id });
      expect(findByPlatformKeyHash).toHaveBeenCalledTimes(3);
      expect(await authenticate.execute(platformKey)).toBeNull();
    });
  });

  describe('when an admin is revoked between bursts', () => {
    it('should refuse the next burst', async () => {
      const { service, project, admin, apiKey, authenticate, findByApiKeyHash } = await setUp();
      const before = await many(authenticate, apiKey, 3);
      expect(before).toEqual(Array.from({ length: 3 }, () => ({ kind: 'admin', projectId: project.id, adminId: admin.id, apiAdmin: true })));
      expect(findByApiKeyHash).toHaveBeenCalledTimes(2);
      await service.storage.admins.update({ ...admin, active: false });
      expect(await many(authenticate, apiKey, 3)).toEqual([null, null, null]);
      expect(findByApiKeyHash).toHaveBeenCalledTimes(4);
    });
  });

  describe('when different keys arrive together', () => {
    it('should read each key apart, the repeats of a key sharing its next read, and not mix up their principals', async () => {
      const { service, project, platformKey, admin, apiKey, authenticate, findByPlatformKeyHash, findByApiKeyHash, gates } = await setUp();
      const other = await service.projects.createProject({ name: 'Winter camp', system: 'individual' });
      if (other.kind !== 'ok') throw new Error('no second project');
      const gate = deferred();
      gates.gate = gate.promise;
      const warmUp = authenticate.execute('pk_warm-up');
      const together = Promise.all([
        authenticate.execute(platformKey),
        authenticate.execute(other.value.platformKey),
        authenticate.execute(apiKey),
        authenticate.execute('pk_unknown'),
        authenticate.execute(platformKey),
        authenticate.execute(other.value.platformKey),
        authenticate.execute(apiKey),
      ]);
      gates.gate = null;
      gate.open();
      expect(await warmUp).toBeNull();
      const [mine, theirs, asAdmin, unknown, mine2, theirs2, asAdmin2] = await together;
      expect(mine).toEqual({ kind: 'platform', projectId: project.id });
      expect(mine2).toEqual(mine);
      expect(theirs).toEqual({ kind: 'platform', projectId: other.value.project.id });
      expect(theirs2).toEqual(theirs);
      expect(asAdmin).toEqual({ kind: 'admin', projectId: project.id, adminId: admin.id, apiAdmin: true });
      expect(asAdmin2).toEqual(asAdmin);
      expect(unknown).toBeNull();
      // Each key's first request reads at once; its repeat, arriving while that read runs, waits for the next.
      expect(findByPlatformKeyHash.mock.calls.map(([hash]) => hash)).toEqual([
        hashKey('pk_warm-up'),
        hashKey(platformKey),
        hashKey(other.value.platformKey),
        hashKey('pk_unknown'),
        hashKey(platformKey),
        hashKey(other.value.platformKey),
      ]);
      expect(findByApiKeyHash.mock.calls).toEqual([[hashKey(apiKey)], [hashKey(apiKey)]]);
    });

    it('should not hold one key behind a read of another that hangs', async () => {
      const { project, platformKey, authenticate, gates } = await setUp();
      gates.gate = new Promise<void>(() => undefined);
      void authenticate.execute('pk_hanging');
      gates.gate = null;
      expect(await authenticate.execute(platformKey)).toEqual({ kind: 'platform', projectId: project.id });
    });

    it('should not mix a platform key and an API key with the same body', async () => {
      const { authenticate, findByPlatformKeyHash, findByApiKeyHash } = await setUp();
      const [platform, admin] = await Promise.all([authenticate.execute('pk_same-body'), authenticate.execute('ak_same-body')]);
      expect([platform, admin]).toEqual([null, null]);
      expect(findByPlatformKeyHash.mock.calls).toEqual([[hashKey('pk_same-body')]]);
      expect(findByApiKeyHash.mock.calls).toEqual([[hashKey('ak_same-body')]]);
    });
  });

  describe('when the shared lookup fails', () => {
    it('should reject the requests sharing it, fail no other key, and read again for the next request', async () => {
      const { project, admin, platformKey, apiKey, authenticate, findByPlatformKeyHash, gates } = await setUp();
      const gate = deferred();
      gates.gate = gate.promise;
      const warmUp = authenticate.execute('ak_warm-up');
      const down = new Error('database down');
      findByPlatformKeyHash.mockRejectedValueOnce(down);
      const sharers = Promise.allSettled(Array.from({ length: 6 }, () => authenticate.execute(platformKey)));
      const admins = many(authenticate, apiKey, 2);
      gates.gate = null;
      gate.open();
      expect(await warmUp).toBeNull();
      // The first request read alone and failed; the five that arrived meanwhile shared the next read.
      expect(await sharers).toEqual([
        { status: 'rejected', reason: down },
        ...Array.from({ length: 5 }, () => ({ status: 'fulfilled', value: { kind: 'platform', projectId: project.id } })),
      ]);
      expect(await admins).toEqual(Array.from({ length: 2 }, () => ({ kind: 'admin', projectId: project.id, adminId: admin.id, apiAdmin: true })));
      expect(findByPlatformKeyHash).toHaveBeenCalledTimes(2);
      expect(await authenticate.execute(platformKey)).toEqual({ kind: 'platform', projectId: project.id });
      expect(findByPlatformKeyHash).toHaveBeenCalledTimes(3);
    });

    it('should reject a lone request and let the next one succeed', async () => {
      const { project, platformKey, authenticate, findByPlatformKeyHash } = await setUp();
      const down = new Error('database down');
      findByPlatformKeyHash.mockRejectedValueOnce(down);
      await expect(authenticate.execute(platformKey)).rejects.toBe(down);
      expect(await authenticate.execute(platformKey)).toEqual({ kind: 'platform', projectId: project.id });
      expect(findByPlatformKeyHash).toHaveBeenCalledTimes(2);
    });
  });

  describe('when the token is the operator token, missing or garbage', () => {
    it('should answer without touching storage', async () => {
      const { authenticate, findByPlatformKeyHash, findByApiKeyHash } = await setUp();
      expect(await many(authenticate, OPERATOR, 10)).toEqual(Array.from({ length: 10 }, () => ({ kind: 'operator' })));
      for (const token of [undefined, '', 'garbage', 'PK_upper', 'Bearer pk_x', `${OPERATOR}x`, 'pk', 'ak']) {
        expect(await authenticate.execute(token)).toBeNull();
      }
      expect(await many(authenticate, 'garbage', 5)).toEqual([null, null, null, null, null]);
      expect(findByPlatformKeyHash).not.toHaveBeenCalled();
      expect(findByApiKeyHash).not.toHaveBeenCalled();
    });
  });
});
