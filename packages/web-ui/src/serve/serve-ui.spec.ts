import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { UiContext, UiMiddleware } from './serve-ui.js';
import { serveUi } from './serve-ui.js';

interface Answer {
  readonly status: number;
  readonly body: unknown;
  readonly type: string;
  readonly headers: Record<string, string>;
  readonly passedOn: boolean;
}

async function request(middleware: UiMiddleware, path: string, method = 'GET'): Promise<Answer> {
  const headers: Record<string, string> = {};
  const ctx: UiContext = { path, method, status: 404, body: undefined, type: '', set: (k, v) => void (headers[k.toLowerCase()] = v) };
  let passedOn = false;
  await middleware(ctx, async () => {
    passedOn = true;
  });
  return { status: ctx.status, body: ctx.body, type: ctx.type, headers, passedOn };
}

const text = (answer: Answer) => (answer.body as Buffer).toString('utf8');

describe('serveUi', () => {
  let dir: string;
  let middleware: UiMiddleware;

  beforeAll(async () => {
    dir = join(await mkdtemp(join(tmpdir(), 'web-ui-')), 'dist');
    middleware = serveUi('/ui', { dir });
  });
  afterAll(async () => {
    await rm(join(dir, '..'), { recursive: true, force: true });
  });

  describe('when the page is not built yet', () => {
    it('should build it on the first request and serve index.html at /ui/', async () => {
      const answer = await request(middleware, '/ui/');
      expect(answer.status).toBe(200);
      expect(answer.type).toBe('text/html; charset=utf-8');
      expect(text(answer)).toMatch(/<script type="module" src="\.\/app-[A-Z0-9]{8}\.js">/);
      expect(answer.headers['cache-control']).toBe('no-cache');
    });
  });

  describe('when asked for /ui without the slash', () => {
    it('should serve index.html with asset URLs under the prefix', async () => {
      const answer = await request(middleware, '/ui');
      expect(text(answer)).toMatch(/src="\/ui\/app-[A-Z0-9]{8}\.js"/);
      expect(text(answer)).toMatch(/href="\/ui\/app-[A-Z0-9]{8}\.css"/);
    });
  });

  describe('when asked for a built file', () => {
    it('should answer it with its type, a strict policy and a long cache', async () => {
      const script = /src="\.\/(app-[A-Z0-9]{8}\.js)"/.exec(text(await request(middleware, '/ui/')))?.[1];
      const answer = await request(middleware, `/ui/${script}`);
      expect(answer.status).toBe(200);
      expect(answer.type).toBe('text/javascript; charset=utf-8');
      expect(answer.headers['content-security-policy']).toContain("default-src 'self'");
      expect(answer.headers['content-security-policy']).toContain("script-src 'self'");
      expect(answer.headers['x-content-type-options']).toBe('nosniff');
      expect(answer.headers['cache-control']).toContain('immutable');
    });
    it('should answer the icon as SVG', async () => {
      expect((await request(middleware, '/ui/favicon.svg')).type).toBe('image/svg+xml');
    });
  });

  describe('when the path is elsewhere or unknown', () => {
    it.each(['/v1/event-types', '/uix', '/ui/nothing.js', '/ui/../package.json', '/ui/%2e%2e/package.json'])('should pass %s on', async (path) => {
      const answer = await request(middleware, path);
      expect(answer.passedOn).toBe(true);
      expect(answer.body).toBeUndefined();
    });
  });

  describe('when the method is not GET or HEAD', () => {
    it('should answer 405', async () => {
      const answer = await request(middleware, '/ui/', 'POST');
      expect(answer.status).toBe(405);
      expect(answer.headers['allow']).toBe('GET, HEAD');
    });
  });
});
