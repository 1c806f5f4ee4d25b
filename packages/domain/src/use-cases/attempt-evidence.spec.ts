import { describe, expect, it } from '@jest/globals';
import { isTestEvent } from './send-test-event.js';
import { answer, failure } from '../testing/scripted-transport.js';
import { drain, must, projectWithAdmin, report, subscribe, user } from './fixtures.spec-helper.js';

const HOOK = 'https://hooks.example.com/in';

describe('attempt evidence', () => {
  describe('when the worker sends a delivery', () => {
    it('should keep the request exactly as sent and the response headers', async () => {
      const { service, project } = await projectWithAdmin();
      await subscribe(service, project.id, 'login_success', HOOK);
      await report(service, project.id, { type: 'login', via: 'password', user: user('u1') });
      service.transport.script(HOOK, answer(503, 'busy', { 'retry-after': '5', 'content-type': 'text/plain' }));
      await drain(service);
      const [sent] = service.transport.sentTo(HOOK);
      const [attempt] = service.storage.allAttempts();
      expect(attempt?.request).toEqual({ url: HOOK, headers: sent?.headers, body: sent?.body });
      expect(Object.keys(attempt?.request?.headers ?? {})).toEqual(expect.arrayContaining(['webhook-id', 'webhook-timestamp', 'webhook-signature']));
      expect(attempt?.responseHeaders).toEqual({ 'retry-after': '5', 'content-type': 'text/plain' });
    });

    it("should keep the headers the transport says it sent, over those it was given", async () => {
      const { service, project } = await projectWithAdmin();
      await subscribe(service, project.id, 'login_success', HOOK);
      await report(service, project.id, { type: 'login', via: 'password', user: user('u1') });
      service.transport.script(HOOK, { ...answer(200), sentHeaders: { 'user-agent': 'webhooks/test', 'webhook-id': 'msg_x' } });
      await drain(service);
      expect(service.storage.allAttempts()[0]?.request?.headers).toEqual({ 'user-agent': 'webhooks/test', 'webhook-id': 'msg_x' });
    });

    it('should keep the request and no response headers when no HTTP answer came', async () => {
      const { service, project } = await projectWithAdmin();
      await subscribe(service, project.id, 'login_success', HOOK);
      await report(service, project.id, { type: 'login', via: 'password', user: user('u1') });
      service.transport.script(HOOK, failure('refused'));
      await drain(service);
      const [attempt] = service.storage.allAttempts();
      expect(attempt?.request?.url).toBe(HOOK);
      expect(attempt?.responseHeaders).toBeNull();
    });
  });

  describe('when an API admin sends a test event', () => {
    it('should keep its request, and mark its event as a test (and no reported one)', async () => {
      const { service, project } = await projectWithAdmin();
      const sub = await subscribe(service, project.id, 'user_registered', HOOK);
      service.transport.script(HOOK, answer(204));
      const sent = must(await service.sendTest.execute(project.id, sub.id));
      const detail = must(await service.deliveryLog.get(project.id, sent.delivery.id));
      expect(detail.attempts[0]?.request?.body).toBe(service.transport.sentTo(HOOK)[0]?.body);
      expect(isTestEvent(detail.event)).toBe(true);
      await report(service, project.id, { type: 'registered', user: user('u2') });
      const reported = service.storage.allDeliveries().find((d) => d.id !== sent.delivery.id);
      const reportedDetail = must(await service.deliveryLog.get(project.id, reported?.id ?? ''));
      expect(isTestEvent(reportedDetail.event)).toBe(false);
    });
  });

  describe('when an interactive event calls a subscriber', () => {
    it('should keep the request of the call', async () => {
      const { service, project } = await projectWithAdmin();
      await subscribe(service, project.id, 'form_preprocess', HOOK);
      service.transport.script(HOOK, answer(200, { msg: 'fine' }, { 'x-answer': 'yes' }));
      must(await service.forms.putForm(project.id, '42', { name: 'Form 42', audience: 'user' }));
      must(
        await service.interactions.execute(project.id, { id: 'i-1', moment: 'preprocess', origin: 'applicant', occurredAt: service.clock.now(), formId: '42', user: user('u1'), doc: {} }),
      );
      const [attempt] = service.storage.allAttempts();
      expect(attempt?.request?.body).toBe(service.transport.sentTo(HOOK)[0]?.body);
      expect(attempt?.responseHeaders).toEqual({ 'x-answer': 'yes' });
    });
  });
});
