import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import type { TestApp } from './test-app.spec-helper.js';
import { registered, seedWorld, startTestApp } from './test-app.spec-helper.js';

type World = Awaited<ReturnType<typeof seedWorld>>;

/** One server-sent event as the tests read it. */
interface Message {
  readonly event: string;
  readonly id: string | null;
  readonly data: Record<string, unknown>;
}

/** Reads the messages of an event stream one at a time (comments skipped). */
function messagesOf(response: Response) {
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  let buffered = '';
  return {
    async next(): Promise<Message | null> {
      for (;;) {
        const end = buffered.indexOf('\n\n');
        if (end >= 0) {
          const block = buffered.slice(0, end);
          buffered = buffered.slice(end + 2);
          const fields = new Map(block.split('\n').filter((line) => !line.startsWith(':')).map((line) => [line.slice(0, line.indexOf(':')), line.slice(line.indexOf(':') + 2)] as const));
          if (!fields.has('event')) continue;
          return { event: fields.get('event') ?? '', id: fields.get('id') ?? null, data: JSON.parse(fields.get('data') ?? 'null') as Record<string, unknown> };
        }
        const { value, done } = await reader.read();
        if (done) return null;
        buffered += decoder.decode(value, { stream: true });
      }
    },
    cancel: () => reader.cancel(),
  };
}

describe('GET /v1/projects/:projectId/listen', () => {
  let app: TestApp;
  let world: World;
  const open = (path: string, token: string) => fetch(`${app.base}${path}`, { headers: { authorization: `Bearer ${token}` } });

  beforeEach(async () => {
    app = await startTestApp();
    world = await seedWorld(app);
  });
  afterEach(() => app.close());

  describe('when an API admin listens', () => {
    it('should say ready, then send each event asked for as it is recorded, with the body a webhook gets', async () => {
      const response = await open(`/v1/projects/${world.a}/listen?events=login_success,user_registered`, world.apiKey);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
      expect(response.headers.get('cache-control')).toBe('no-cache');
      const stream = messagesOf(response);
      try {
        expect(await stream.next()).toEqual({ event: 'ready', id: null, data: { projectId: world.a, events: ['login_success', 'user_registered'] } });
        const reported = await app.call('POST', `/v1/projects/${world.a}/activities`, { token: world.platform, body: registered('act-listen', 'u-listen') });
        expect(reported.status).toBe(202);
        const message = await stream.next();
        const eventId = message?.id;
        expect(eventId).toMatch(/^msg_/);
        expect(message).toMatchObject({ event: 'webhook', data: { id: eventId, key: 'user_registered', occurredAt: expect.any(String) } });
        expect(JSON.parse(String(message?.data['body']))).toMatchObject({ event: 'user_registered', event_id: eventId, user_info: { id: 'u-listen' } });
      } finally {
        await stream.cancel();
      }
    });

    it('should forget the listener when the client goes', async () => {
      const response = await open(`/v1/projects/${world.a}/listen?events=user_registered`, world.apiKey);
      const stream = messagesOf(response);
      await stream.next();
      expect(app.service.live.size).toBe(1);
      await stream.cancel();
      await waitFor(() => app.service.live.size === 0);
    });

    it('should end the stream when the service stops', async () => {
      const response = await open(`/v1/projects/${world.a}/listen?events=user_registered`, world.apiKey);
      const stream = messagesOf(response);
      await stream.next();
      app.shutdown();
      expect(await stream.next()).toBeNull();
    });
  });

  describe('when the request cannot be served', () => {
    it('should refuse an interactive event with 422 naming the events parameter', async () => {
      const answer = await app.call('GET', `/v1/projects/${world.a}/listen?events=form_preprocess`, { token: world.apiKey });
      expect(answer.status).toBe(422);
      expect(answer.body).toMatchObject({ errors: [{ path: 'events', message: expect.stringMatching(/interactive/) }] });
    });

    it.each([
      ['no key', 401, undefined],
      ['the platform key', 403, 'platform'],
      ['an API key of another project', 404, 'otherApiKey'],
    ] as const)('should answer %s with %i', async (_, status, who) => {
      const token = who === undefined ? undefined : who === 'platform' ? world.platform : world.apiKeyB;
      const answer = await app.call('GET', `/v1/projects/${world.a}/listen?events=user_registered`, token === undefined ? {} : { token });
      expect(answer.status).toBe(status);
    });
  });
});

async function waitFor(check: () => boolean): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
