import { describe, expect, it } from '@jest/globals';
import { WebhookAdministration } from '@webhooks/domain';
import type { TargetGuard } from '@webhooks/domain';
import { createInMemoryService } from '@webhooks/domain/testing';
import { ssrfTargetGuard } from './target-guard.js';
import { REFUSED_LITERAL_TARGETS } from './testing/refused-targets.js';

/** The domain's webhook administration with this package's guard, over in-memory storage, and a project. */
async function administration(targets: TargetGuard) {
  const service = createInMemoryService();
  const webhooks = new WebhookAdministration({ ...service, allowHttpTargets: true, targets, secretGraceMs: 0 });
  const created = await service.projects.createProject({ name: 'Guarded', system: 'individual' });
  if (created.kind !== 'ok') throw new Error('project');
  return { webhooks, projectId: created.value.project.id };
}

const GUARDED = ssrfTargetGuard({ allowPrivateTargets: false, allowHttpTargets: true });

describe(ssrfTargetGuard.name, () => {
  describe('when private targets are not allowed and a webhook is saved', () => {
    it.each(REFUSED_LITERAL_TARGETS.map((r) => [r.host, r.reason] as const))('should refuse %s at url on create, saying %s', async (host, reason) => {
      const { webhooks, projectId } = await administration(GUARDED);
      const result = await webhooks.create(projectId, { event: 'user_registered', url: `https://${host}:8443/hooks` });
      expect(result).toEqual({ kind: 'invalid', errors: [{ path: 'url', message: expect.stringContaining(reason) }] });
      expect((await webhooks.list(projectId, { limit: 10 })).items).toEqual([]);
    });

    it.each(REFUSED_LITERAL_TARGETS.map((r) => [r.host, r.reason] as const))('should refuse changing the url to %s', async (host, reason) => {
      const { webhooks, projectId } = await administration(GUARDED);
      const hook = await webhooks.create(projectId, { event: 'user_registered', url: 'https://hooks.example.com/a' });
      if (hook.kind !== 'ok') throw new Error('webhook');
      const result = await webhooks.update(projectId, hook.value.id, { url: `http://${host}/hooks` });
      expect(result).toEqual({ kind: 'invalid', errors: [{ path: 'url', message: expect.stringContaining(reason) }] });
    });

    it.each(['hooks.example.com', '93.184.216.34', '[2606:2800:220:1:248:1893:25c8:1946]', '[::ffff:93.184.216.34]', 'rebind.test'])(
      'should save %s: a public address, or a name (judged on what it resolves to at send time)',
      async (host) => {
        const { webhooks, projectId } = await administration(GUARDED);
        expect((await webhooks.create(projectId, { event: 'user_registered', url: `https://${host}/hooks` })).kind).toBe('ok');
      },
    );
  });

  describe('when private targets are allowed', () => {
    it('should refuse none of them', async () => {
      const open = ssrfTargetGuard({ allowPrivateTargets: true, allowHttpTargets: true });
      for (const { host } of REFUSED_LITERAL_TARGETS) expect([host, open.refusal(new URL(`https://${host}/`).href)]).toEqual([host, null]);
    });
  });
});
