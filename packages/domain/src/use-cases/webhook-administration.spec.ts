import { describe, expect, it } from '@jest/globals';
import { answer } from '../testing/scripted-transport.js';
import { expectInvalid, must, projectWithAdmin, subscribe } from './fixtures.spec-helper.js';

const URL_A = 'https://hooks.example.com/a';

describe('WebhookAdministration', () => {
  describe('create', () => {
    it('should refuse a * key with a message that says to put a form id there', async () => {
      const { service, project } = await projectWithAdmin();
      const result = await service.webhooks.create(project.id, { event: 'form_submit_*', url: URL_A });
      expectInvalid(result, 'event');
      if (result.kind === 'invalid') expect(result.errors[0]?.message).toMatch(/form id/);
    });

    it('should refuse a per-form key naming an unknown form', async () => {
      const { service, project } = await projectWithAdmin();
      expectInvalid(await service.webhooks.create(project.id, { event: 'form_submit_999', url: URL_A }), 'event');
    });

    it('should refuse a second event on the same normalised URL with a conflict naming the first', async () => {
      const { service, project } = await projectWithAdmin();
      const first = await subscribe(service, project.id, 'user_registered', URL_A);
      const result = await service.webhooks.create(project.id, { event: 'login_success', url: 'HTTPS://HOOKS.example.com:443/a' });
      expect(result).toMatchObject({ kind: 'conflict', existingId: first.id, reason: 'url_taken' });
    });

    it('should let one event have several URLs', async () => {
      const { service, project } = await projectWithAdmin();
      await subscribe(service, project.id, 'user_registered', URL_A);
      await subscribe(service, project.id, 'user_registered', 'https://hooks.example.com/b');
      expect((await service.webhooks.list(project.id, { limit: 10 })).items).toHaveLength(2);
    });

    it('should refuse a target the deployment never delivers to, at url, saving nothing', async () => {
      const { service, project } = await projectWithAdmin();
      service.targets.refuse('169.254.169.254', '169.254.169.254 is refused: cloud metadata');
      const result = await service.webhooks.create(project.id, { event: 'user_registered', url: 'https://169.254.169.254/latest/meta-data' });
      expectInvalid(result, 'url');
      if (result.kind === 'invalid') expect(result.errors[0]?.message).toContain('cloud metadata');
      expect((await service.webhooks.list(project.id, { limit: 10 })).items).toEqual([]);
    });

    it('should give the webhook a whsec_ secret', async () => {
      const { service, project } = await projectWithAdmin();
      const sub = await subscribe(service, project.id, 'user_registered', URL_A);
      expect(sub.secrets[0]?.secret).toMatch(/^whsec_[A-Za-z0-9+/=]+$/);
    });
  });

  describe('update', () => {
    it('should validate the merged webhook and keep the URL rule', async () => {
      const { service, project } = await projectWithAdmin();
      await subscribe(service, project.id, 'user_registered', URL_A);
      const other = await subscribe(service, project.id, 'login_success', 'https://hooks.example.com/b');
      expect(await service.webhooks.update(project.id, other.id, { url: URL_A })).toMatchObject({ kind: 'conflict' });
      expectInvalid(await service.webhooks.update(project.id, other.id, { url: 'ftp://x' }), 'url');
      const changed = must(await service.webhooks.update(project.id, other.id, { description: 'logins' }));
      expect(changed.description).toBe('logins');
    });

    it('should refuse changing the URL to a target the deployment never delivers to', async () => {
      const { service, project } = await projectWithAdmin();
      const hook = await subscribe(service, project.id, 'user_registered', URL_A);
      service.targets.refuse('10.0.0.7', '10.0.0.7 is refused: private');
      expectInvalid(await service.webhooks.update(project.id, hook.id, { url: 'https://10.0.0.7/hooks' }), 'url');
      expect(must(await service.webhooks.get(project.id, hook.id)).url).toBe(URL_A);
    });

    it('should re-enable a webhook the service disabled and clear the reason', async () => {
      const { service, project } = await projectWithAdmin();
      const sub = await subscribe(service, project.id, 'user_registered', URL_A);
      const disabled = must(await service.webhooks.update(project.id, sub.id, { enabled: false }));
      expect(disabled.enabled).toBe(false);
      expect(must(await service.webhooks.update(project.id, sub.id, { enabled: true }))).toMatchObject({ enabled: true, disabledReason: null });
    });

    it('should answer not_found for another project\'s webhook', async () => {
      const { service, project } = await projectWithAdmin();
      const sub = await subscribe(service, project.id, 'user_registered', URL_A);
      const other = must(await service.projects.createProject({ name: 'Other', system: 'individual' })).project;
      expect((await service.webhooks.update(other.id, sub.id, { enabled: false })).kind).toBe('not_found');
      expect((await service.webhooks.get(other.id, sub.id)).kind).toBe('not_found');
      expect((await service.webhooks.delete(other.id, sub.id)).kind).toBe('not_found');
    });
  });

  describe('rotateSecret', () => {
    it('should add a new secret and keep the old one until the grace period ends', async () => {
      const { service, project } = await projectWithAdmin();
      const sub = await subscribe(service, project.id, 'user_registered', URL_A);
      const rotated = must(await service.webhooks.rotateSecret(project.id, sub.id));
      expect(rotated.secrets).toHaveLength(2);
      expect(rotated.secrets.filter((s) => s.expiresAt === null)).toHaveLength(1);
    });

    it('should keep the old one for the grace asked for, and not at all for 0', async () => {
      const { service, project } = await projectWithAdmin();
      const sub = await subscribe(service, project.id, 'user_registered', URL_A);
      const hour = must(await service.webhooks.rotateSecret(project.id, sub.id, 3_600_000));
      expect(hour.secrets[1]?.expiresAt).toEqual(new Date(service.clock.now().getTime() + 3_600_000));
      const now = must(await service.webhooks.rotateSecret(project.id, sub.id, 0));
      expect(now.secrets).toHaveLength(1);
    });
  });

  describe('delete', () => {
    it('should remove the webhook', async () => {
      const { service, project } = await projectWithAdmin();
      const sub = await subscribe(service, project.id, 'user_registered', URL_A);
      must(await service.webhooks.delete(project.id, sub.id));
      expect((await service.webhooks.get(project.id, sub.id)).kind).toBe('not_found');
    });
  });
});

describe('SendTestEvent', () => {
  describe('when the receiver answers 200', () => {
    it('should send a signed sample of the webhook\'s event and log a succeeded delivery', async () => {
      const { service, project } = await projectWithAdmin();
      const sub = await subscribe(service, project.id, 'payment_event', URL_A);
      const sent = must(await service.sendTest.execute(project.id, sub.id));
      expect(sent.attempt).toMatchObject({ statusCode: 200, succeeded: true });
      // An admin waits for it: never queued behind the worker's deliveries.
      expect(service.transport.sentTo(URL_A).map((r) => r.lane)).toEqual(['interactive']);
      const body = JSON.parse(service.transport.sentTo(URL_A)[0]?.body ?? '{}') as Record<string, unknown>;
      expect(body).toMatchObject({ event: 'payment_event', test: true });
      expect(body).toHaveProperty('payment_info');
      expect(must(await service.deliveryLog.get(project.id, sent.delivery.id)).attempts).toHaveLength(1);
    });
  });

  describe('when the receiver fails', () => {
    it('should log a failed delivery that can be resent', async () => {
      const { service, project } = await projectWithAdmin();
      const sub = await subscribe(service, project.id, 'payment_event', URL_A);
      service.transport.script(URL_A, answer(503));
      const sent = must(await service.sendTest.execute(project.id, sub.id));
      expect(sent.delivery.status).toBe('failed');
    });
  });
});
