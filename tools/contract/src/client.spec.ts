import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestApp } from '@webhooks/composition/testing';
import { Receiver } from '@webhooks/test-kit';
import type { TestApp } from '@webhooks/composition/testing';
import { createWebhooksClient } from '@webhooks/client';
import type { Decision, EventPayload, SubscriberAnswer } from '@webhooks/client';
import { freshDatabase } from '@webhooks/storage-postgres/testing';
import type { TestDatabase } from '@webhooks/storage-postgres/testing';

const OPERATOR = 'operator-token-for-the-client-test';
const PUBLIC_URL = 'https://hooks.example.org';

describe('@webhooks/client against the real api', () => {
  let database: TestDatabase;
  let service: TestApp;
  let receiver: Receiver;

  beforeAll(async () => {
    database = await freshDatabase({ prefix: 'webhooks_contract', requireServer: true });
    service = await startTestApp({ DATABASE_URL: database.url, OPERATOR_TOKEN: OPERATOR, PUBLIC_BASE_URL: PUBLIC_URL });
    receiver = await new Receiver().start();
  }, 60_000);

  afterAll(async () => {
    await receiver?.stop();
    await service?.app.stop();
    await database?.drop();
  });

  describe('when the operator, the platform and an API admin use it', () => {
    it('should report an activity, run an interactive call and read its decision, all typed by the document', async () => {
      const operator = createWebhooksClient({ baseUrl: service.url, token: OPERATOR });
      const project = await operator.POST('/v1/projects', { body: { name: 'Client test', system: 'individual' } });
      expect(project.response.status).toBe(201);
      const projectId = project.data!.id;
      const admin = await operator.POST('/v1/projects/{projectId}/admins', { params: { path: { projectId } }, body: { email: 'admin@example.com', apiAdmin: true } });
      const platform = createWebhooksClient({ baseUrl: service.url, token: project.data!.platformKey });
      const apiAdmin = createWebhooksClient({ baseUrl: service.url, token: admin.data!.apiKey! });

      const form = await platform.PUT('/v1/projects/{projectId}/forms/{formId}', { params: { path: { projectId, formId: 'f1' } }, body: { name: 'Profile', audience: 'user' } });
      expect(form.response.status).toBe(200);
      const answer: SubscriberAnswer = { msg: 'Age must be over 18', msg_type: 'error', focus_on: 'age' };
      receiver.behave('/preprocess', { kind: 'reply', status: 200, body: answer });
      for (const [event, path] of [['form_preprocess_f1', '/preprocess'], ['user_registered', '/registered']] as const) {
        const hook = await apiAdmin.POST('/v1/projects/{projectId}/webhooks', { params: { path: { projectId } }, body: { event, url: receiver.url(path) } });
        expect(hook.response.status).toBe(201);
        receiver.secret(path, hook.data!.secret);
      }

      const reported = await platform.POST('/v1/projects/{projectId}/activities', {
        params: { path: { projectId } },
        body: { id: 'act-1', type: 'registered', origin: 'applicant', occurredAt: '2026-12-03T10:00:00Z', user: { id: 'u1', username: 'ada@example.com' } },
      });
      expect(reported.response.status).toBe(202);
      expect(reported.data?.events).toEqual([{ key: 'user_registered', deliveries: 1 }]);
      const [registered] = await receiver.waitFor('/registered', 1);
      const payload = registered?.json as EventPayload<'user_registered'>;
      expect([registered?.verified, payload.event, payload.user_info.username]).toEqual([true, 'user_registered', 'ada@example.com']);

      const interaction = { id: 'pre-1', origin: 'applicant' as const, user: { id: 'u1', username: 'ada@example.com' }, doc: { age: 16 } };
      const called = await platform.POST('/v1/projects/{projectId}/forms/{formId}/preprocess', { params: { path: { projectId, formId: 'f1' } }, body: interaction });
      const decision: Decision | undefined = called.data;
      expect(decision).toMatchObject({ proceed: false, messages: [{ text: 'Age must be over 18', type: 'error' }], focusOn: 'age' });
      expect(receiver.at('/preprocess').map((r) => r.verified)).toEqual([true]);
      // The decision read again: a repeated interaction id answers the recorded decision, calling nobody.
      const again = await platform.POST('/v1/projects/{projectId}/forms/{formId}/preprocess', { params: { path: { projectId, formId: 'f1' } }, body: interaction });
      expect(again.data).toEqual(decision);
      expect(receiver.at('/preprocess')).toHaveLength(1);
      const log = await apiAdmin.GET('/v1/projects/{projectId}/deliveries', { params: { path: { projectId }, query: { event: 'form_preprocess_f1' } } });
      expect(log.data?.items.map((d) => [d.event, d.status])).toEqual([['form_preprocess_f1', 'succeeded']]);
    });
  });

  describe('when a call is refused', () => {
    it('should give the problem+json error, typed', async () => {
      const stranger = createWebhooksClient({ baseUrl: service.url, token: 'not-a-key-of-anyone' });
      const refused = await stranger.GET('/v1/projects/{projectId}', { params: { path: { projectId: 'prj_unknown' } } });
      expect(refused.response.status).toBe(401);
      expect(refused.error).toMatchObject({ type: 'urn:webhooks:problem:unauthorized', status: 401 });
    });
  });

  describe('when the document is read from the service', () => {
    it('should name the configured public URL as its server', async () => {
      const document = await createWebhooksClient({ baseUrl: service.url }).GET('/openapi.json');
      expect((document.data as unknown as { servers: unknown }).servers).toEqual([{ url: PUBLIC_URL }]);
    });
  });
});
