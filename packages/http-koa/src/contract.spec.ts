import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { ROUTES, openApiDocument } from './routes/all-routes.js';
import type { Call, TestApp } from './test-app.spec-helper.js';
import { registered, seedWorld, startTestApp } from './test-app.spec-helper.js';
import { compileValidator } from './validation/validator.js';

type World = Awaited<ReturnType<typeof seedWorld>>;

/** One valid call of every route, by operationId. */
const VALID_CALLS: Record<string, (w: World) => readonly [method: string, path: string, call?: Call]> = {
  health: () => ['GET', '/health'],
  ready: () => ['GET', '/ready'],
  metrics: () => ['GET', '/metrics'],
  openApi: () => ['GET', '/openapi.json'],
  listEventTypes: () => ['GET', '/v1/event-types'],
  createProject: (w) => ['POST', '/v1/projects', { token: w.operator, body: { name: 'Gamma', system: 'family' } }],
  getProject: (w) => ['GET', `/v1/projects/${w.a}`, { token: w.operator }],
  addAdmin: (w) => ['POST', `/v1/projects/${w.a}/admins`, { token: w.operator, body: { email: 'new@example.com', apiAdmin: true } }],
  changeAdmin: (w) => ['PATCH', `/v1/projects/${w.a}/admins/${w.plainAdminId}`, { token: w.operator, body: { active: false } }],
  removeAdmin: (w) => ['DELETE', `/v1/projects/${w.a}/admins/${w.plainAdminId}`, { token: w.operator }],
  putForm: (w) => ['PUT', `/v1/projects/${w.a}/forms/f2`, { token: w.platform, body: { name: 'Extra', audience: 'user', mandatory: false } }],
  putTrigger: (w) => [
    'PUT',
    `/v1/projects/${w.a}/triggers/t1`,
    { token: w.platform, body: { on: { type: 'form_submitted', formId: 'f1', when: { level: 'advanced' } }, addForms: ['f1'] } },
  ],
  reportActivity: (w) => [
    'POST',
    `/v1/projects/${w.a}/activities`,
    { token: w.platform, body: { ...registered('act-9', 'u-9'), type: 'login', via: 'password' } },
  ],
  formLoad: (w) => ['POST', `/v1/projects/${w.a}/forms/f1/load`, { token: w.platform, body: interaction() }],
  formPreprocess: (w) => ['POST', `/v1/projects/${w.a}/forms/f1/preprocess`, { token: w.platform, body: interaction() }],
  formSubmissions: (w) => [
    'POST',
    `/v1/projects/${w.a}/forms/f1/submissions`,
    { token: w.platform, body: { ...interaction(), complete: true, analytics: { google: null } } },
  ],
  listForms: (w) => ['GET', `/v1/projects/${w.a}/forms`, { token: w.apiKey }],
  listWebhooks: (w) => ['GET', `/v1/projects/${w.a}/webhooks?limit=5`, { token: w.apiKey }],
  createWebhook: (w) => [
    'POST',
    `/v1/projects/${w.a}/webhooks`,
    { token: w.apiKey, body: { event: 'form_submit_f1', url: 'https://receiver.example/submit', timeoutMs: 2000, failurePolicy: 'closed' } },
  ],
  getWebhook: (w) => ['GET', `/v1/projects/${w.a}/webhooks/${w.webhookId}`, { token: w.apiKey }],
  changeWebhook: (w) => ['PATCH', `/v1/projects/${w.a}/webhooks/${w.webhookId}`, { token: w.apiKey, body: { description: 'CRM', enabled: false } }],
  deleteWebhook: (w) => ['DELETE', `/v1/projects/${w.a}/webhooks/${w.webhookId}`, { token: w.apiKey }],
  rotateWebhookSecret: (w) => ['POST', `/v1/projects/${w.a}/webhooks/${w.webhookId}/rotate-secret`, { token: w.apiKey }],
  testWebhook: (w) => ['POST', `/v1/projects/${w.a}/webhooks/${w.webhookId}/test`, { token: w.apiKey }],
  listDeliveries: (w) => ['GET', `/v1/projects/${w.a}/deliveries?status=pending&event=user_registered&webhookId=${w.webhookId}`, { token: w.apiKey }],
  getDelivery: (w) => ['GET', `/v1/projects/${w.a}/deliveries/${w.deliveryId}`, { token: w.apiKey }],
  resendDelivery: (w) => ['POST', `/v1/projects/${w.a}/deliveries/${w.deliveryId}/resend`, { token: w.apiKey }],
  resendFailedDeliveries: (w) => ['POST', `/v1/projects/${w.a}/deliveries/resend-failed`, { token: w.apiKey, body: { since: '2025-12-01T00:00:00Z' } }],
};

/** What the tests read of the OpenAPI document. */
interface DocumentShape {
  readonly servers: unknown;
  readonly paths: Record<string, Record<string, { requestBody: { content: Record<string, { schema: Record<string, unknown> }> }; responses: object; security: unknown }>>;
  readonly components: {
    readonly securitySchemes: Record<string, unknown>;
    readonly responses: Record<string, { content: Record<string, unknown> }>;
    readonly schemas: Record<string, { oneOf?: unknown[]; discriminator?: unknown }>;
  };
}

function interaction() {
  return { id: 'int-1', origin: 'applicant', user: { id: 'u-1', username: 'u-1@example.com' }, doc: { name: 'Ada' } };
}

describe('createHttpApp', () => {
  let app: TestApp;
  let world: World;
  beforeEach(async () => {
    app = await startTestApp();
    world = await seedWorld(app);
  });
  afterEach(() => app.close());

  describe('when every route is called validly', () => {
    it('should have a valid call in this table for every route', () => {
      expect(Object.keys(VALID_CALLS).sort()).toEqual(ROUTES.map((r) => r.operationId).sort());
    });

    it.each(ROUTES.map((r) => [r.operationId, r] as const))('should answer %s with its documented status and schema', async (operationId, route) => {
      const make = VALID_CALLS[operationId];
      if (!make) throw new Error(`no valid call for ${operationId}`);
      const [method, path, call] = make(world);
      expect(method.toLowerCase()).toBe(route.method);
      const answer = await app.call(method, path, call);
      expect({ status: answer.status, body: answer.body }).toMatchObject({ status: route.status });
      if (route.response && !route.produces) {
        const checked = compileValidator(route.response)(answer.body);
        expect(checked.ok ? [] : checked.errors).toEqual([]);
      }
      if (route.status === 204) expect(answer.text).toBe('');
    });
  });

  describe('when the OpenAPI document is read', () => {
    it('should serve the document of every route', async () => {
      const answer = await app.call('GET', '/openapi.json');
      expect(answer.body).toEqual(JSON.parse(JSON.stringify(openApiDocument())));
      const doc = answer.body as { openapi: string; paths: Record<string, Record<string, unknown>> };
      expect(doc.openapi).toBe('3.1.0');
      const documented = Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m} ${path}`));
      expect(documented.sort()).toEqual(ROUTES.map((r) => `${r.method} ${r.path.replace(/:(\w+)/g, '{$1}')}`).sort());
    });

    it('should route every documented path and method (no 404 or 405 without credentials)', async () => {
      const doc = openApiDocument();
      for (const [path, ops] of Object.entries(doc.paths)) {
        for (const method of Object.keys(ops)) {
          const concrete = path
            .replace('{projectId}', world.a)
            .replace('{adminId}', world.plainAdminId)
            .replace('{webhookId}', world.webhookId)
            .replace('{deliveryId}', world.deliveryId)
            .replace('{formId}', 'f1')
            .replace('{triggerId}', 't1');
          const answer = await app.call(method.toUpperCase(), concrete);
          expect([`${method} ${path}`, answer.status]).not.toEqual([`${method} ${path}`, 404]);
          expect([`${method} ${path}`, answer.status]).not.toEqual([`${method} ${path}`, 405]);
        }
      }
    });

    it('should describe errors as problem+json, the four bearer schemes (metrics optional), and bodies that refuse unknown fields', () => {
      const doc = JSON.parse(JSON.stringify(openApiDocument({ publicBaseUrl: 'https://hooks.example' }))) as DocumentShape;
      expect(doc.servers).toEqual([{ url: 'https://hooks.example' }]);
      expect(Object.keys(doc.components.securitySchemes).sort()).toEqual(['apiAdmin', 'metrics', 'operator', 'platform']);
      expect(doc.paths['/metrics']?.['get']?.security).toEqual([{}, { metrics: [] }]);
      expect(Object.values(doc.components.responses).every((r) => 'application/problem+json' in r.content)).toBe(true);
      const post = doc.paths['/v1/projects/{projectId}/webhooks']?.['post'];
      expect(post?.requestBody.content['application/json']?.schema['additionalProperties']).toBe(false);
      expect(Object.keys(post?.responses ?? {})).toEqual(expect.arrayContaining(['201', '400', '401', '403', '404', '409', '413', '415', '422', '500']));
      expect(post?.security).toEqual([{ apiAdmin: [] }]);
      const activity = doc.components.schemas['Activity'];
      expect(activity?.oneOf).toHaveLength(8);
      expect(activity?.discriminator).toEqual({ propertyName: 'type' });
    });
  });
});
