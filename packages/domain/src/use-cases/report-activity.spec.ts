import { describe, expect, it } from '@jest/globals';
import type { Activity } from '../model/activity.js';
import { bodiesTo, drain, must, projectWithAdmin, report, subscribe, user } from './fixtures.spec-helper.js';

const HOOK = 'https://hooks.example.com/registered';

describe('ReportActivity', () => {
  describe('when a user registers for the first time', () => {
    it('should queue user_registered to every subscription of the event and deliver it signed', async () => {
      const { service, project } = await projectWithAdmin();
      await subscribe(service, project.id, 'user_registered', HOOK);
      const result = await report(service, project.id, { type: 'registered', user: user('u1') });
      expect(result.events).toEqual([expect.objectContaining({ key: 'user_registered', deliveries: 1 })]);
      expect(await drain(service)).toBe(1);
      const [body] = bodiesTo(service, HOOK);
      expect(body).toMatchObject({ event: 'user_registered', project_id: project.id, user_info: { id: 'u1' } });
      const [request] = service.transport.sentTo(HOOK);
      expect(request?.headers['webhook-id']).toBe(result.events[0]?.eventId);
      expect(request?.headers['webhook-signature']).toMatch(/^v1,/);
    });
  });

  describe('when the same user registers again', () => {
    it('should not fire user_registered a second time', async () => {
      const { service, project } = await projectWithAdmin();
      await subscribe(service, project.id, 'user_registered', HOOK);
      await report(service, project.id, { type: 'registered', user: user('u1') });
      const again = await report(service, project.id, { type: 'registered', user: user('u1') });
      expect(again.events).toEqual([]);
    });
  });

  describe('when the same activity id is reported twice', () => {
    it('should answer the same and fire nothing twice', async () => {
      const { service, project } = await projectWithAdmin();
      await subscribe(service, project.id, 'user_registered', HOOK);
      const first = await report(service, project.id, { id: 'same', type: 'registered', user: user('u1') });
      const second = await report(service, project.id, { id: 'same', type: 'registered', user: user('u1') });
      expect(second).toEqual(first);
      expect(await drain(service)).toBe(1);
    });
  });

  describe('when the activity comes from the API', () => {
    it('should fire no webhook and record the suppression as api_origin', async () => {
      const { service, project } = await projectWithAdmin();
      await subscribe(service, project.id, 'user_registered', HOOK);
      const result = await report(service, project.id, { type: 'registered', origin: 'api', user: user('u1') });
      expect(result.events).toEqual([expect.objectContaining({ key: 'user_registered', deliveries: 0, suppressed: 'api_origin' })]);
      expect(await drain(service)).toBe(0);
      expect(service.storage.allDeliveries().map((d) => d.suppressedReason)).toEqual(['api_origin']);
    });
  });

  describe('when a login was granted through remember-me', () => {
    it('should not fire login_success', async () => {
      const { service, project } = await projectWithAdmin();
      await subscribe(service, project.id, 'login_success', HOOK);
      const remembered = await report(service, project.id, { type: 'login', via: 'remember_me', user: user('u1') });
      expect(remembered.events[0]).toMatchObject({ deliveries: 0, suppressed: 'remember_me' });
      const typed = await report(service, project.id, { type: 'login', via: 'password', user: user('u1') });
      expect(typed.events[0]).toMatchObject({ deliveries: 1 });
    });
  });

  describe('when the project has no active API admin', () => {
    it('should record the event as suppressed no_api_admin and send nothing', async () => {
      const { service, project, admin } = await projectWithAdmin();
      await subscribe(service, project.id, 'user_registered', HOOK);
      must(await service.projects.updateAdmin(project.id, admin.id, { active: false }));
      const result = await report(service, project.id, { type: 'registered', user: user('u1') });
      expect(result.events[0]).toMatchObject({ deliveries: 0, suppressed: 'no_api_admin' });
      expect(await drain(service)).toBe(0);
      expect(service.transport.requests).toHaveLength(0);
    });
  });

  describe('when a subscription is disabled', () => {
    it('should record its delivery as suppressed subscription_disabled', async () => {
      const { service, project } = await projectWithAdmin();
      await subscribe(service, project.id, 'user_registered', HOOK, { enabled: false });
      const result = await report(service, project.id, { type: 'registered', user: user('u1') });
      expect(result.events[0]).toMatchObject({ deliveries: 0, suppressed: 'subscription_disabled' });
    });
  });

  describe('when credentials change', () => {
    it('should deliver the username only, never a password, whatever the platform sent', async () => {
      const { service, project } = await projectWithAdmin();
      await subscribe(service, project.id, 'edit_user_credentials', HOOK);
      const leaky = { ...user('u1'), password: 'hunter2' };
      await report(service, project.id, { type: 'credentials_changed', changed: ['username', 'password'], user: leaky });
      await drain(service);
      const raw = service.transport.sentTo(HOOK)[0]?.body ?? '';
      expect(raw).toContain('u1@example.com');
      expect(raw).not.toContain('hunter2');
      expect(raw.toLowerCase()).not.toContain('password');
    });
  });

  describe('when a status changes for a large group', () => {
    it('should split the group into pages, each its own event saying which page of how many', async () => {
      const { service, project } = await projectWithAdmin('individual', { groupPageSize: 2 });
      await subscribe(service, project.id, 'status_update', HOOK);
      const users = ['a', 'b', 'c', 'd', 'e'].map((id) => user(id));
      const result = await report(service, project.id, { type: 'status_changed', users, status: { to: 'accepted' } });
      expect(result.events).toHaveLength(3);
      await drain(service);
      const pages = bodiesTo(service, HOOK).map((b) => (b['meta_info'] as { page: unknown }).page);
      expect(pages).toEqual(expect.arrayContaining([{ number: 1, of: 3 }, { number: 2, of: 3 }, { number: 3, of: 3 }]));
      expect(new Set(service.transport.sentTo(HOOK).map((r) => r.headers['webhook-id'])).size).toBe(3);
    });
  });

  describe('when a payment is refunded', () => {
    it('should fire payment_event and payment_refunded', async () => {
      const { service, project } = await projectWithAdmin();
      const result = await report(service, project.id, {
        type: 'payment',
        origin: 'admin',
        kind: 'refunded',
        user: user('u1'),
        payment: { id: 'p1' },
        cart: {},
        allocations: [],
      });
      expect(result.events.map((e) => e.key).sort()).toEqual(['payment_event', 'payment_refunded']);
    });
  });

  describe('when a payment kind is not of the closed list', () => {
    it('should refuse it naming kind and the allowed kinds, and record nothing', async () => {
      const { service, project } = await projectWithAdmin();
      await subscribe(service, project.id, 'payment_event', HOOK);
      // A caller without the static types (JSON) may send any string.
      const payment = { id: 'pay-unknown', type: 'payment', origin: 'admin', occurredAt: service.clock.now(), kind: 'chargeback', user: user('u1'), payment: {}, cart: {}, allocations: [] };
      const result = await service.reportActivity.execute(project.id, payment as unknown as Activity);
      expect(result).toEqual({ kind: 'invalid', errors: [{ path: 'kind', message: 'must be one of: issued, approved, pending, failed, refunded, cancelled' }] });
      expect(await service.storage.activities.find(project.id, 'pay-unknown')).toBeNull();
      expect((await service.deliveryLog.list(project.id, {}, { limit: 10 })).items).toEqual([]);
    });
  });

  describe('when the project does not exist', () => {
    it('should answer not_found', async () => {
      const { service } = await projectWithAdmin();
      const result = await service.reportActivity.execute('prj_missing', { id: 'x', type: 'registered', origin: 'applicant', occurredAt: new Date(), user: user('u1') });
      expect(result.kind).toBe('not_found');
    });
  });
});
