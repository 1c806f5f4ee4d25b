import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { StorageUnavailableError } from '@webhooks/domain';
import { request } from 'node:http';
import type { TestApp } from './test-app.spec-helper.js';
import { field, registered, seedWorld, startTestApp } from './test-app.spec-helper.js';

type World = Awaited<ReturnType<typeof seedWorld>>;

const PROBLEM = 'application/problem+json';

/** Sends a chunked body (no Content-Length) of `bytes` bytes, in 16 KiB pieces. */
function sendChunked(base: string, path: string, token: string, bytes: number): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(`${base}${path}`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    const piece = Buffer.alloc(16 * 1024, 'a');
    let sent = 0;
    const write = () => {
      while (sent < bytes) {
        sent += piece.length;
        if (!req.write(piece)) return void req.once('drain', write);
      }
      req.end();
    };
    write();
  });
}

describe('createHttpApp', () => {
  let app: TestApp;
  let w: World;
  beforeEach(async () => {
    app = await startTestApp({ maxBodyBytes: 64 * 1024 });
    w = await seedWorld(app);
  });
  afterEach(() => app.close());

  describe('when the body is not what a JSON route takes', () => {
    it('should answer malformed JSON with a 400 problem', async () => {
      const answer = await app.call('POST', `/v1/projects/${w.a}/activities`, { token: w.platform, raw: '{"id": ', headers: { 'content-type': 'application/json' } });
      expect(answer.status).toBe(400);
      expect(answer.headers.get('content-type')).toContain(PROBLEM);
      expect(answer.body).toMatchObject({ type: 'urn:webhooks:problem:malformed-json', title: 'Malformed JSON', status: 400 });
    });

    it('should answer another content type with 415', async () => {
      const answer = await app.call('POST', `/v1/projects/${w.a}/activities`, { token: w.platform, raw: 'a=1', headers: { 'content-type': 'text/plain' } });
      expect(answer.status).toBe(415);
      expect(answer.headers.get('content-type')).toContain(PROBLEM);
    });

    it('should answer no body at all with a 422 naming the body', async () => {
      const answer = await app.call('POST', `/v1/projects/${w.a}/activities`, { token: w.platform });
      expect(answer.status).toBe(422);
      expect(field(answer, 'errors')).toEqual([{ path: '', message: 'a JSON body is required' }]);
    });

    it('should answer a body past the limit with 413, told by Content-Length', async () => {
      const big = { ...registered('act-big', 'u-big'), user: { id: 'u-big', username: 'x'.repeat(70 * 1024) } };
      const answer = await app.call('POST', `/v1/projects/${w.a}/activities`, { token: w.platform, body: big });
      expect(answer.status).toBe(413);
      expect(answer.body).toMatchObject({ status: 413, type: 'urn:webhooks:problem:body-too-large' });
    });

    it('should answer a chunked body past the limit with 413, counted while reading', async () => {
      const answer = await sendChunked(app.base, `/v1/projects/${w.a}/activities`, w.platform, 200 * 1024);
      expect(answer.status).toBe(413);
      expect(JSON.parse(answer.body)).toMatchObject({ status: 413 });
    });
  });

  describe('when fields fail the schema', () => {
    it('should name an unknown field by its path', async () => {
      const answer = await app.call('POST', `/v1/projects/${w.a}/activities`, {
        token: w.platform,
        body: { ...registered('act-2', 'u-2'), user: { id: 'u-2', username: 'u', nickname: 'x' }, extra: true },
      });
      expect(answer.status).toBe(422);
      expect(answer.headers.get('content-type')).toContain(PROBLEM);
      expect(field(answer, 'errors')).toEqual([
        { path: 'extra', message: 'is not a known field' },
        { path: 'user.nickname', message: 'is not a known field' },
      ]);
    });

    it('should name a field of the wrong type by its path', async () => {
      const answer = await app.call('POST', `/v1/projects/${w.a}/webhooks`, { token: w.apiKey, body: { event: 'login_success', url: 'https://x.example/a', enabled: 'yes' } });
      expect(answer.status).toBe(422);
      expect(field(answer, 'errors')).toEqual([{ path: 'enabled', message: 'must be true or false' }]);
    });

    it("should report the errors of the activity's own variant only", async () => {
      const answer = await app.call('POST', `/v1/projects/${w.a}/activities`, {
        token: w.platform,
        body: { id: 'act-3', type: 'login', origin: 'applicant', occurredAt: '2026-01-01T10:00:00Z', user: { id: 7.5, username: 'u' }, via: 'password' },
      });
      expect(field(answer, 'errors')).toEqual([
        { path: 'user.id', message: "must be 1 to 128 letters, digits, '.', '_', ':', '@' or '-', starting with a letter or digit, or a whole number from 0 to 2^53 − 1" },
      ]);
    });

    it('should name an unknown activity type, and a bad date', async () => {
      const unknown = await app.call('POST', `/v1/projects/${w.a}/activities`, { token: w.platform, body: { ...registered('act-4', 'u'), type: 'logout' } });
      expect(field(unknown, 'errors')).toEqual([{ path: 'type', message: expect.stringContaining('must be one of: registered, child_added, login') }]);
      const date = await app.call('POST', `/v1/projects/${w.a}/activities`, { token: w.platform, body: { ...registered('act-5', 'u'), occurredAt: 'yesterday' } });
      expect(field(date, 'errors')).toEqual([{ path: 'occurredAt', message: expect.stringContaining('ISO 8601') }]);
    });

    it('should name array items by index', async () => {
      const answer = await app.call('PUT', `/v1/projects/${w.a}/triggers/t1`, { token: w.platform, body: { on: { type: 'account_created' }, addForms: ['f1', 'not ok'] } });
      expect(field(answer, 'errors')).toEqual([{ path: 'addForms.1', message: expect.stringContaining('letters, digits') }]);
    });

    it('should validate the query', async () => {
      const answer = await app.call('GET', `/v1/projects/${w.a}/deliveries?limit=101&status=lost`, { token: w.apiKey });
      expect(answer.status).toBe(422);
      expect(field(answer, 'errors')).toEqual([
        { path: 'limit', message: 'must be at most 100' },
        { path: 'status', message: 'must be one of: pending, succeeded, failed, suppressed' },
      ]);
    });
  });

  describe('when the domain refuses', () => {
    it('should answer its field errors with 422', async () => {
      const answer = await app.call('POST', `/v1/projects/${w.a}/webhooks`, { token: w.apiKey, body: { event: 'form_submit_*', url: 'https://x.example/b' } });
      expect(answer.status).toBe(422);
      expect(field(answer, 'errors')).toEqual([{ path: 'event', message: expect.stringContaining('replace * with a form id') }]);
    });

    it('should answer a conflict with 409 and the id in the way', async () => {
      const answer = await app.call('POST', `/v1/projects/${w.a}/webhooks`, { token: w.apiKey, body: { event: 'login_success', url: 'https://receiver.example/registered' } });
      expect(answer.status).toBe(409);
      expect(answer.body).toMatchObject({ type: 'urn:webhooks:problem:conflict', existingId: w.webhookId });
    });

    it('should answer a page cursor the store did not make with 422 at cursor', async () => {
      for (const path of [`/v1/projects/${w.a}/webhooks?cursor=bm90LWEtY3Vyc29y`, `/v1/projects/${w.a}/deliveries?cursor=bm90LWEtY3Vyc29y`]) {
        const answer = await app.call('GET', path, { token: w.apiKey });
        expect(answer.status).toBe(422);
        expect(field(answer, 'errors')).toEqual([{ path: 'cursor', message: expect.any(String) }]);
      }
    });

    it('should answer an unknown id with 404', async () => {
      const answer = await app.call('GET', `/v1/projects/${w.a}/webhooks/wh_unknown`, { token: w.apiKey });
      expect(answer.status).toBe(404);
      expect(answer.body).toMatchObject({ detail: 'webhook not found' });
    });
  });

  describe('when the caller is not admitted', () => {
    it('should answer a missing or unknown token with 401 and WWW-Authenticate', async () => {
      for (const token of [undefined, 'ak_unknown', 'pk_unknown', 'nonsense']) {
        const answer = await app.call('GET', `/v1/projects/${w.a}/webhooks`, token === undefined ? {} : { token });
        expect(answer.status).toBe(401);
        expect(answer.headers.get('www-authenticate')).toMatch(/^Bearer/);
        expect(answer.headers.get('content-type')).toContain(PROBLEM);
      }
    });

    it('should answer the wrong role with 403', async () => {
      const plain = await app.call('GET', `/v1/projects/${w.a}/webhooks`, { token: w.plainAdminKey });
      const platformOnWebhooks = await app.call('GET', `/v1/projects/${w.a}/deliveries`, { token: w.platform });
      const adminOnActivities = await app.call('POST', `/v1/projects/${w.a}/activities`, { token: w.apiKey, body: registered('x', 'y') });
      const platformOnProjects = await app.call('POST', '/v1/projects', { token: w.platform, body: { name: 'n', system: 'family' } });
      const operatorOnWebhooks = await app.call('GET', `/v1/projects/${w.a}/webhooks`, { token: w.operator });
      expect([plain, platformOnWebhooks, adminOnActivities, platformOnProjects, operatorOnWebhooks].map((a) => a.status)).toEqual([403, 403, 403, 403, 403]);
    });

    it("should answer another project's key with 404, the body of an unknown project", async () => {
      const strip = (body: unknown) => ({ ...(body as object), requestId: undefined });
      const unknown = await app.call('GET', '/v1/projects/prj_unknown', { token: w.operator });
      const otherAdmin = await app.call('GET', `/v1/projects/${w.a}/webhooks/${w.webhookId}`, { token: w.apiKeyB });
      const otherPlatform = await app.call('PUT', `/v1/projects/${w.a}/forms/f9`, { token: w.platformB, body: { name: 'x', audience: 'user' } });
      expect([otherAdmin.status, otherPlatform.status]).toEqual([404, 404]);
      expect(strip(otherAdmin.body)).toEqual(strip(unknown.body));
      expect(strip(otherPlatform.body)).toEqual(strip(unknown.body));
    });

    it('should check the caller before the body', async () => {
      const answer = await app.call('POST', `/v1/projects/${w.a}/activities`, { raw: '{', headers: { 'content-type': 'application/json' } });
      expect(answer.status).toBe(401);
    });

    it('should refuse an interactive call before its body, calling and recording nothing', async () => {
      await app.call('POST', `/v1/projects/${w.a}/webhooks`, { token: w.apiKey, body: { event: 'form_preprocess', url: 'https://receiver.example/pre' } });
      const path = `/v1/projects/${w.a}/forms/f1/preprocess`;
      const interaction = { id: 'pre-1', origin: 'applicant', user: { id: 'u-1', username: 'u1@example.com' }, doc: { email: 'x' } };
      const malformed = await app.call('POST', path, { raw: '{', headers: { 'content-type': 'application/json' } });
      const invalid = await app.call('POST', path, { token: 'pk_unknown', body: { id: 7 } });
      const unknownKey = await app.call('POST', path, { token: 'pk_unknown', body: interaction });
      const otherProject = await app.call('POST', path, { token: w.platformB, body: interaction });
      const adminKey = await app.call('POST', path, { token: w.apiKey, body: interaction });
      expect([malformed.status, invalid.status, unknownKey.status, otherProject.status, adminKey.status]).toEqual([401, 401, 401, 404, 403]);
      expect(app.service.transport.requests).toEqual([]);
      expect(await app.service.storage.activities.find(w.a, 'preprocess:pre-1')).toBeNull();
      // Admitted, the same call runs: the refusals left nothing behind that would answer for it.
      const admitted = await app.call('POST', path, { token: w.platform, body: interaction });
      expect(admitted.status).toBe(200);
      expect(app.service.transport.sentTo('https://receiver.example/pre')).toHaveLength(1);
    });

    it('should answer an interactive call that fails validation after admission, in the usual order', async () => {
      const badParam = await app.call('POST', `/v1/projects/${w.a}/forms/${'x'.repeat(300)}/preprocess`, { token: w.platform, body: { id: true } });
      const badBody = await app.call('POST', `/v1/projects/${w.a}/forms/f1/preprocess`, { token: w.platform, body: { id: true } });
      expect([badParam.status, badBody.status]).toEqual([404, 422]);
      expect(field(badBody, 'errors')).toEqual(expect.arrayContaining([{ path: 'id', message: expect.stringContaining('or a whole number from 0 to 2^53 − 1') }]));
    });
  });

  describe('when nothing answers the path or method', () => {
    it('should answer 404 and 405 as problems', async () => {
      const path = await app.call('GET', '/v2/nothing');
      const method = await app.call('DELETE', '/v1/projects');
      expect([path.status, method.status]).toEqual([404, 405]);
      expect(path.headers.get('content-type')).toContain(PROBLEM);
      expect(method.headers.get('content-type')).toContain(PROBLEM);
    });
  });

  describe('when the service is not ready', () => {
    it('should answer /ready with 503 and /health with 200', async () => {
      app.setReady(false);
      expect((await app.call('GET', '/ready')).status).toBe(503);
      expect((await app.call('GET', '/health')).status).toBe(200);
    });
  });
});

/** Project administration whose createProject fails with `error` (the other calls are not used). */
function createProjectFailingWith(error: Error) {
  const unused = () => Promise.reject(new Error('unused'));
  return {
    createProject: () => Promise.reject(error),
    getProject: unused,
    addAdmin: unused,
    updateAdmin: unused,
    removeAdmin: unused,
    rotateAdminKey: unused,
    rotatePlatformKey: unused,
    deleteProject: unused,
  };
}

describe('createHttpApp', () => {
  describe('when a use case throws', () => {
    it('should log the error with the request id and answer a bare 500', async () => {
      const app = await startTestApp({ useCases: { projects: createProjectFailingWith(new Error('database exploded at 10.0.0.7')) } });
      try {
        const answer = await app.call('POST', '/v1/projects', {
          token: app.service.config.operatorToken,
          body: { name: 'n', system: 'individual' },
          headers: { 'x-request-id': 'req-500' },
        });
        expect(answer.status).toBe(500);
        expect(answer.body).toEqual({ type: 'urn:webhooks:problem:internal', title: 'Internal Server Error', status: 500, requestId: 'req-500' });
        expect(answer.text).not.toContain('exploded');
        const line = app.logs().split('\n').find((l) => l.includes('database exploded'));
        expect(line).toBeDefined();
        expect(JSON.parse(line ?? '{}')).toMatchObject({ level: 50, requestId: 'req-500' });
      } finally {
        await app.close();
      }
    });

    it('should answer 503 with Retry-After, and log a warning, when the database cannot be reached', async () => {
      const down = new StorageUnavailableError('the database cannot be reached: connect ECONNREFUSED 10.0.0.7:5432');
      const app = await startTestApp({ useCases: { projects: createProjectFailingWith(down) } });
      try {
        const answer = await app.call('POST', '/v1/projects', {
          token: app.service.config.operatorToken,
          body: { name: 'n', system: 'individual' },
          headers: { 'x-request-id': 'req-503' },
        });
        expect(answer.status).toBe(503);
        expect(answer.headers.get('retry-after')).toBe('1');
        expect(answer.headers.get('content-type')).toContain('application/problem+json');
        expect(answer.body).toEqual({
          type: 'urn:webhooks:problem:storage-unavailable',
          title: 'Service Unavailable',
          status: 503,
          detail: 'the service cannot reach its database: nothing was done, try again',
          requestId: 'req-503',
        });
        expect(answer.text).not.toContain('10.0.0.7');
        const line = app.logs().split('\n').find((l) => l.includes('database unavailable'));
        expect(JSON.parse(line ?? '{}')).toMatchObject({ level: 40, requestId: 'req-503' });
      } finally {
        await app.close();
      }
    });
  });
});
