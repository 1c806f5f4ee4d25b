import { describe, expect, it } from '@jest/globals';
import { failure } from '../testing/scripted-transport.js';
import { drain, must, projectWithAdmin, report, subscribe, user } from './fixtures.spec-helper.js';

const HOOK = 'https://hooks.example.com/in';

async function failedDeliveries(count: number) {
  const ctx = await projectWithAdmin();
  const sub = await subscribe(ctx.service, ctx.project.id, 'login_success', HOOK);
  ctx.service.transport.script(HOOK, failure('refused'));
  for (let i = 0; i < count; i += 1) await report(ctx.service, ctx.project.id, { type: 'login', via: 'password', user: user(`u${i}`) });
  for (let i = 0; i < 10; i += 1) {
    await drain(ctx.service);
    ctx.service.clock.advance(12 * 3600_000);
  }
  return { ...ctx, sub };
}

describe('DeliveryLog', () => {
  describe('list', () => {
    it('should filter by status, webhook and event, newest first, in pages', async () => {
      const { service, project, sub } = await failedDeliveries(3);
      const page = await service.deliveryLog.list(project.id, { status: 'failed', subscriptionId: sub.id, eventKey: 'login_success' }, { limit: 2 });
      expect(page.items).toHaveLength(2);
      const rest = await service.deliveryLog.list(project.id, { status: 'failed' }, { limit: 2, cursor: page.nextCursor ?? '' });
      expect(rest.items).toHaveLength(1);
      expect(rest.nextCursor).toBeNull();
      expect((await service.deliveryLog.list(project.id, { status: 'succeeded' }, { limit: 10 })).items).toHaveLength(0);
    });
  });

  describe('resend', () => {
    it('should queue a failed delivery again for a new round of attempts', async () => {
      const { service, project } = await failedDeliveries(1);
      const [failed] = (await service.deliveryLog.list(project.id, { status: 'failed' }, { limit: 1 })).items;
      service.transport.script(HOOK, { kind: 'response', status: 200, headers: {}, body: '', truncated: false, durationMs: 1 });
      const detail = must(await service.deliveryLog.resend(project.id, failed?.id ?? ''));
      expect(detail.delivery).toMatchObject({ status: 'pending', attemptCount: 0 });
      await drain(service);
      expect(must(await service.deliveryLog.get(project.id, failed?.id ?? '')).delivery.status).toBe('succeeded');
    });

    it('should answer not_found for an unknown delivery', async () => {
      const { service, project } = await projectWithAdmin();
      expect((await service.deliveryLog.resend(project.id, 'dlv_nope')).kind).toBe('not_found');
    });
  });

  describe('resendFailed', () => {
    it('should queue every failure since the given time', async () => {
      const { service, project, sub } = await failedDeliveries(3);
      const { queued } = await service.deliveryLog.resendFailed(project.id, { since: new Date(0), webhookId: sub.id });
      expect(queued).toBe(3);
      expect((await service.deliveryLog.list(project.id, { status: 'pending' }, { limit: 10 })).items).toHaveLength(3);
      expect((await service.deliveryLog.resendFailed(project.id, { since: new Date(0) })).queued).toBe(0);
    });
  });
});
