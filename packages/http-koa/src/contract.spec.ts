import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { ROUTES, openApiDocument } from './routes/all-routes.js';
import type { Answer, Call, TestApp } from './test-app.spec-helper.js';
import { field, registered, seedWorld, startTestApp } from './test-app.spec-helper.js';
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
  deleteProject: (w) => ['DELETE', `/v1/projects/${w.b}`, { token: w.operator }],
  rotatePlatformKey: (w) => ['POST', `/v1/projects/${w.a}/rotate-platform-key`, { token: w.operator }],
  rotateAdminKey: (w) => ['POST', `/v1/projects/${w.a}/admins/${w.apiAdminId}/rotate-key`, { token: w.operator }],
  addAdmin: (w) => ['POST', `/v1/projects/${w.a}/admins`, { token: w.operator, body: { email: 'new@example.com', apiAdmin: true } }],
  changeAdmin: (w) => ['PATCH', `/v1/projects/${w.a}/admins/${w.plainAdminId}`, { token: w.operator, body: { active: false } }],
  removeAdmin: (w) => ['DELETE', `/v1/projects/${w.a}/admins/${w.plainAdminId}`, { token: w.operator }],
  putForm: (w) => ['PUT', `/v1/projects/${w.a}/forms/f2`, { token: w.platform, body: { name: 'Extra', audience: 'user', mandatory: false } }],
  putTrigger: (w) => [
    'PUT',
    `/v1/projects/${w.a}/triggers/t1`,
    { token: w.platform, body: { on: { type: 'form_submitted', formId: 'f1', when: { level: 'advanced' } }, addForms: ['f1'] } },
  ],
  deleteForm: (w) => ['DELETE', `/v1/projects/${w.a}/forms/f1`, { token: w.platform }],
  listTriggers: (w) => ['GET', `/v1/projects/${w.a}/triggers`, { token: w.platform }],
  deleteTrigger: (w) => ['DELETE', `/v1/projects/${w.a}/triggers/t0`, { token: w.platform }],
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
  listUserForms: (w) => ['GET', `/v1/projects/${w.a}/users/u-1/forms?limit=5`, { token: w.platform }],
  listForms: (w) => ['GET', `/v1/projects/${w.a}/forms`, { token: w.apiKey }],
  listWebhooks: (w) => ['GET', `/v1/projects/${w.a}/webhooks?limit=5`, { token: w.apiKey }],
  listProjectEventTypes: (w) => ['GET', `/v1/projects/${w.a}/event-types`, { token: w.apiKey }],
  getWebhookStats: (w) => ['GET', `/v1/projects/${w.a}/webhook-stats?since=2025-12-01T00:00:00Z`, { token: w.apiKey }],
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
  countDeliveries: (w) => ['GET', `/v1/projects/${w.a}/deliveries/counts?status=pending&webhookId=${w.webhookId}`, { token: w.apiKey }],
  getDelivery: (w) => ['GET', `/v1/projects/${w.a}/deliveries/${w.deliveryId}`, { token: w.apiKey }],
  resendDelivery: (w) => ['POST', `/v1/projects/${w.a}/deliveries/${w.deliveryId}/resend`, { token: w.apiKey }],
  listenToEvents: (w) => ['GET', `/v1/projects/${w.a}/listen?events=user_registered,login_success`, { token: w.apiKey }],
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

/** The keys and secrets in an answer: string fields named as the service names them. */
function keysAndSecretsIn(body: unknown): string[] {
  if (typeof body !== 'object' || body === null) return [];
  return Object.entries(body).flatMap(([name, value]) =>
    ['platformKey', 'apiKey', 'secret'].includes(name) && typeof value === 'string' ? [value] : keysAndSecretsIn(value),
  );
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
      expect(answer.headers.get('x-content-type-options')).toBe('nosniff');
      if (keysAndSecretsIn(answer.body).length > 0) expect(answer.headers.get('cache-control')).toBe('no-store');
    });
  });

  describe('when an answer holds a key or a secret', () => {
    const valid = (operationId: string) => (w: World) => app.call(...VALID_CALLS[operationId]!(w));
    /** Every call that answers a key or secret. */
    const ISSUING: Record<string, (w: World) => Promise<Answer>> = {
      createProject: valid('createProject'),
      rotatePlatformKey: valid('rotatePlatformKey'),
      addAdmin: valid('addAdmin'),
      'changeAdmin (promotion)': async (w) => {
        const plain = await app.call('POST', `/v1/projects/${w.a}/admins`, { token: w.operator, body: { email: 'plain2@example.com', apiAdmin: false } });
        return app.call('PATCH', `/v1/projects/${w.a}/admins/${field(plain, 'id')}`, { token: w.operator, body: { apiAdmin: true } });
      },
      'changeAdmin (re-activation)': async (w) => {
        await app.call('PATCH', `/v1/projects/${w.a}/admins/${w.apiAdminId}`, { token: w.operator, body: { active: false } });
        return app.call('PATCH', `/v1/projects/${w.a}/admins/${w.apiAdminId}`, { token: w.operator, body: { active: true } });
      },
      rotateAdminKey: valid('rotateAdminKey'),
      createWebhook: valid('createWebhook'),
      rotateWebhookSecret: valid('rotateWebhookSecret'),
    };

    it.each(Object.keys(ISSUING).map((id) => [id] as const))('should answer %s with Cache-Control: no-store', async (operationId) => {
      const answer = await ISSUING[operationId]!(world);
      expect(answer.status).toBeLessThan(300);
      expect(keysAndSecretsIn(answer.body)).not.toEqual([]);
      expect(answer.headers.get('cache-control')).toBe('no-store');
    });
  });

  describe('when a route answers an error', () => {
    it.each(ROUTES.map((r) => [r.operationId, r] as const))('should answer %s with X-Content-Type-Options: nosniff', async (operationId, route) => {
      const [method, path] = VALID_CALLS[operationId]!(world);
      // Without credentials a route for a caller answers 401; a route open to anyone (and /metrics, open while no
      // METRICS_TOKEN is set, as here) is asked with a method it does not take.
      const open = route.caller === 'anyone' || route.caller === 'scraper';
      const answer = open ? await app.call('PUT', path) : await app.call(method, path);
      expect(answer.status).toBe(open ? 405 : 401);
      expect(answer.headers.get('x-content-type-options')).toBe('nosniff');
    });
  });

  describe('when a body holds bytes that are not UTF-8', () => {
    const bodyRoutes = ROUTES.filter((r) => r.body !== undefined);

    it.each(bodyRoutes.map((r) => [r.operationId] as const))('should answer %s with a 400 problem naming the encoding, not read U+FFFD', async (operationId) => {
      const make = VALID_CALLS[operationId];
      if (!make) throw new Error(`no valid call for ${operationId}`);
      const [method, path, call] = make(world);
      const json = Buffer.from(JSON.stringify(call?.body), 'utf8');
      // 0xE0 opens a three-byte sequence that never comes: put it at the start of the first string
      // value (read with replacement, the call would pass), or before the body when it has none.
      const value = json.indexOf('":"');
      const at = value < 0 ? 0 : value + 3;
      const raw = Buffer.concat([json.subarray(0, at), Buffer.from([0xe0]), json.subarray(at)]);
      const answer = await app.call(method, path, { ...call, body: undefined, raw, headers: { 'content-type': 'application/json' } });
      expect({ status: answer.status, body: answer.body }).toMatchObject({
        status: 400,
        body: { type: 'urn:webhooks:problem:invalid-encoding', status: 400, detail: expect.stringContaining('UTF-8') },
      });
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
            .replace('{triggerId}', 't1')
            .replace('{userId}', 'u-1');
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
      expect(activity?.oneOf).toHaveLength(10);
      expect(activity?.discriminator).toEqual({ propertyName: 'type' });
    });

    it("should describe the platform contract: ids as strings or numbers, email and bounded fields, complete required, closed payment kinds, refusals with a reason", () => {
      const doc = JSON.parse(JSON.stringify(openApiDocument())) as {
        paths: Record<string, Record<string, { responses: Record<string, unknown> }>>;
        components: { schemas: Record<string, { properties?: Record<string, Record<string, unknown>>; required?: string[]; oneOf?: { title: string; properties: Record<string, Record<string, unknown>> }[] }> };
      };
      const { schemas } = doc.components;
      const user = schemas['UserRef']?.properties ?? {};
      for (const id of [user['id'], user['parentId']]) expect((id?.['anyOf'] as { type: string }[]).map((b) => b.type)).toEqual(['string', 'integer']);
      expect(user['email']).toMatchObject({ type: 'string', format: 'email' });
      expect(user['fields']).toMatchObject({ type: 'object', maxProperties: 50, description: expect.stringContaining('password') });
      expect(schemas['Submission']?.required).toContain('complete');
      const variant = (type: string) => schemas['Activity']?.oneOf?.find((v) => v.title === type);
      expect(variant('payment')?.properties['kind']).toMatchObject({ enum: ['issued', 'approved', 'pending', 'failed', 'refunded', 'cancelled'] });
      const statusUsers = variant('status_changed')?.properties['users'] as { items: { properties: Record<string, unknown> } };
      expect(statusUsers.items.properties['previousStatus']).toMatchObject({ type: 'string' });
      expect(Object.keys(doc.paths['/v1/projects/{projectId}/deliveries/{deliveryId}/resend']?.['post']?.responses ?? {})).toContain('409');
      expect(Object.keys(doc.paths['/v1/projects/{projectId}/forms/{formId}']?.['delete']?.responses ?? {})).toEqual(expect.arrayContaining(['204', '404', '409']));
      expect(Object.keys(doc.paths['/v1/projects/{projectId}/triggers']?.['get']?.responses ?? {})).toContain('200');
      expect(Object.keys(doc.paths['/v1/projects/{projectId}/triggers/{triggerId}']?.['delete']?.responses ?? {})).toContain('204');
      expect(schemas['ConflictProblem']?.properties?.['inUseBy']).toMatchObject({ type: 'object' });
      expect(schemas['ConflictProblem']?.properties?.['reason']).toMatchObject({ type: 'string', description: expect.stringContaining('webhook_disabled') });
      const resendFailed = doc.paths['/v1/projects/{projectId}/deliveries/resend-failed']?.['post']?.responses['202'] as { content: Record<string, { schema: { properties: object } }> };
      expect(Object.keys(resendFailed.content['application/json']?.schema.properties ?? {})).toEqual(['dryRun', 'queued', 'skipped', 'skippedByReason', 'resentAt']);
    });
  });
});
