import { describe, expect, it } from '@jest/globals';
import { answer, failure } from '../testing/scripted-transport.js';
import { drain, must, projectWithAdmin, report, subscribe, user } from './fixtures.spec-helper.js';

const HOOK = 'https://hooks.example.com/in';

describe('attempt reports', () => {
  describe('when the worker sends a delivery that fails, then succeeds on retry', () => {
    it('should report each attempt with its number, outcome, status, duration and times, and nothing of the payload', async () => {
      const { service, project } = await projectWithAdmin();
      const sub = await subscribe(service, project.id, 'login_success', HOOK);
      const created = service.clock.now();
      await report(service, project.id, { type: 'login', via: 'password', user: user('u1') });
      service.transport.script(HOOK, answer(503, 'busy'), answer(200, 'ok'));
      await drain(service);
      service.clock.advance(7_000);
      await drain(service);
      const [delivery] = service.storage.allDeliveries();
      const [first, second] = service.observer.reports;
      expect(service.observer.reports).toHaveLength(2);
      expect(first).toEqual({
        source: 'worker',
        deliveryId: delivery?.id,
        webhookId: sub.id,
        projectId: project.id,
        eventKey: 'login_success',
        attempt: 1,
        outcome: 'retry',
        statusCode: 503,
        durationMs: 1,
        errorClass: 'http_status',
        eventCreatedAt: created,
        finishedAt: new Date(created.getTime() + 1),
        retryInMs: expect.any(Number),
      });
      expect(first?.retryInMs).toBeGreaterThan(0);
      expect(second).toMatchObject({ attempt: 2, outcome: 'succeeded', statusCode: 200, errorClass: null, retryInMs: null, eventCreatedAt: created });
      expect(second?.finishedAt.getTime()).toBe(created.getTime() + 7_001);
      // Ids, a key and measures only: no payload, header or secret reaches an observer.
      const text = JSON.stringify(service.observer.reports);
      expect(text).not.toContain('u1@example.com');
      expect(text).not.toContain('whsec_');
      expect(text).not.toContain('v1,');
    });
  });

  describe('when the receiver cannot be reached at the last attempt', () => {
    it('should report the outcome failed with the error class and no status', async () => {
      const { service, project } = await projectWithAdmin('individual', { retryPolicy: { scheduleMs: [0], jitterRatio: 0 } });
      await subscribe(service, project.id, 'login_success', HOOK);
      await report(service, project.id, { type: 'login', via: 'password', user: user('u1') });
      service.transport.script(HOOK, failure('refused'));
      await drain(service);
      expect(service.observer.reports).toEqual([expect.objectContaining({ outcome: 'failed', statusCode: null, errorClass: 'refused', retryInMs: null })]);
    });
  });

  describe('when the project has no API admin when the delivery comes due', () => {
    it('should report it held, not sent: no duration, due again later', async () => {
      const { service, project, admin } = await projectWithAdmin();
      await subscribe(service, project.id, 'login_success', HOOK);
      await report(service, project.id, { type: 'login', via: 'password', user: user('u1') });
      must(await service.projects.updateAdmin(project.id, admin.id, { active: false }));
      await drain(service);
      expect(service.observer.reports).toEqual([
        expect.objectContaining({ outcome: 'held', durationMs: null, statusCode: null, errorClass: 'held', retryInMs: expect.any(Number), finishedAt: service.clock.now() }),
      ]);
    });
  });

  describe('when the webhook was disabled after the delivery was queued', () => {
    it('should report it suppressed', async () => {
      const { service, project } = await projectWithAdmin();
      const sub = await subscribe(service, project.id, 'login_success', HOOK);
      await report(service, project.id, { type: 'login', via: 'password', user: user('u1') });
      must(await service.webhooks.update(project.id, sub.id, { enabled: false }));
      await drain(service);
      expect(service.observer.reports).toEqual([expect.objectContaining({ outcome: 'suppressed', durationMs: null, errorClass: null })]);
    });
  });

  describe('when an interactive event calls two subscribers, one of which fails', () => {
    it('should report one interactive attempt per call, succeeded or failed', async () => {
      const { service, project } = await projectWithAdmin();
      must(await service.forms.putForm(project.id, '42', { name: 'Form 42', audience: 'user' }));
      const ok = await subscribe(service, project.id, 'form_preprocess', HOOK);
      const down = await subscribe(service, project.id, 'form_preprocess_42', 'https://down.example.com/hook');
      service.transport.script(HOOK, answer(200, { msg: 'fine' }));
      service.transport.script('https://down.example.com/hook', answer(500, 'no'));
      must(
        await service.interactions.execute(project.id, {
          id: 'i-1',
          moment: 'preprocess',
          origin: 'applicant',
          occurredAt: service.clock.now(),
          formId: '42',
          user: user('u1'),
          doc: { secret_answer: 'x' },
        }),
      );
      const reports = [...service.observer.reports].sort((a, b) => a.eventKey.localeCompare(b.eventKey));
      expect(reports).toEqual([
        expect.objectContaining({ source: 'interactive', webhookId: ok.id, eventKey: 'form_preprocess', attempt: 1, outcome: 'succeeded', statusCode: 200 }),
        expect.objectContaining({ source: 'interactive', webhookId: down.id, eventKey: 'form_preprocess_42', attempt: 1, outcome: 'failed', statusCode: 500, errorClass: 'http_status' }),
      ]);
      expect(JSON.stringify(reports)).not.toContain('secret_answer');
    });
  });

  describe('when an API admin sends a test event', () => {
    it('should report one test attempt', async () => {
      const { service, project } = await projectWithAdmin();
      const sub = await subscribe(service, project.id, 'user_registered', HOOK);
      service.transport.script(HOOK, answer(204));
      const sent = must(await service.sendTest.execute(project.id, sub.id));
      expect(service.observer.reports).toEqual([
        expect.objectContaining({ source: 'test', deliveryId: sent.delivery.id, webhookId: sub.id, eventKey: 'user_registered', attempt: 1, outcome: 'succeeded', statusCode: 204 }),
      ]);
    });
  });
});
