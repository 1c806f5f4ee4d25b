import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { E2e } from './support/service.js';
import { newProject, startE2e } from './support/service.js';

// As deployed: private targets are not allowed (plain http stays allowed, to show the host is what is refused).
let e2e: E2e;
beforeAll(async () => {
  e2e = await startE2e({ ALLOW_PRIVATE_TARGETS: 'false' });
}, 60_000);
afterAll(async () => {
  await e2e.stop();
});

/** Spellings of refused hosts, as an API admin might send them. */
const REFUSED = [
  ['http://127.0.0.1:9000/hooks', 'loopback'],
  ['https://2130706433/hooks', 'loopback'],
  ['https://0x7f.1/hooks', 'loopback'],
  ['https://0177.0.0.1/hooks', 'loopback'],
  ['https://[::ffff:127.0.0.1]/hooks', 'ipv4Mapped embedding 127.0.0.1'],
  ['https://[::1]/hooks', 'loopback'],
  ['https://localhost/hooks', 'loopback name'],
  ['https://10.1.2.3/hooks', 'private'],
  ['https://192.168.0.10/hooks', 'private'],
  ['https://169.254.169.254/latest/meta-data/', 'cloud metadata'],
  ['https://[fd00:ec2::254]/latest/meta-data/', 'cloud metadata'],
  ['https://metadata.google.internal/computeMetadata/v1/', 'private-use name'],
  ['https://[fe80::1]/hooks', 'linkLocal'],
  ['https://0.0.0.0/hooks', 'unspecified'],
] as const;

describe('webhook targets, with private targets not allowed', () => {
  describe('when an API admin creates a webhook to a private, loopback, link-local or metadata address', () => {
    it.each(REFUSED)('should refuse %s with a 422 naming url (%s)', async (url, reason) => {
      const p = await newProject(e2e);
      const answer = await p.admin.post<{ type: string; errors: { path: string; message: string }[] }>(`${p.base}/webhooks`, { event: 'user_registered', url });
      expect(answer.status).toBe(422);
      expect(answer.headers.get('content-type')).toContain('application/problem+json');
      expect(answer.body.errors).toEqual([{ path: 'url', message: expect.stringContaining(reason) }]);
      expect((await p.admin.get<{ items: unknown[] }>(`${p.base}/webhooks`)).body.items).toEqual([]);
    });
  });

  describe('when an API admin changes a webhook to such an address', () => {
    it('should refuse it with a 422 naming url and keep the webhook as it was', async () => {
      const p = await newProject(e2e);
      const created = await p.admin.post<{ id: string; url: string }>(`${p.base}/webhooks`, { event: 'user_registered', url: 'https://hooks.example.com/in' });
      expect(created.status).toBe(201);
      const changed = await p.admin.patch<{ errors: { path: string }[] }>(`${p.base}/webhooks/${created.body.id}`, { url: 'https://169.254.169.254/' });
      expect(changed.status).toBe(422);
      expect(changed.body.errors.map((e) => e.path)).toEqual(['url']);
      expect((await p.admin.get<{ url: string }>(`${p.base}/webhooks/${created.body.id}`)).body.url).toBe('https://hooks.example.com/in');
    });
  });

  describe('when the address is public', () => {
    it('should save it', async () => {
      const p = await newProject(e2e);
      expect((await p.admin.post(`${p.base}/webhooks`, { event: 'user_registered', url: 'https://93.184.216.34/hooks' })).status).toBe(201);
    });
  });
});
