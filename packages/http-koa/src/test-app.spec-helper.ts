import { once } from 'node:events';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { createInMemoryService } from '@webhooks/domain/testing';
import { pino } from 'pino';
import { Registry } from 'prom-client';
import { createHttpApp } from './create-http-app.js';
import type { HttpDeps, HttpUseCases } from './http-deps.js';
import { REDACT_PATHS } from './middleware/log-redaction.js';
import { createMetrics } from './metrics/create-metrics.js';

/** An answer, its body parsed when JSON. */
export interface Answer {
  readonly status: number;
  readonly headers: Headers;
  readonly body: unknown;
  readonly text: string;
}

/** A request of the tests. */
export interface Call {
  readonly token?: string;
  readonly body?: unknown;
  /** Sent as is (not JSON-encoded): text as UTF-8, bytes unchanged. */
  readonly raw?: string | Uint8Array;
  readonly headers?: Record<string, string>;
}

/** Starts the real app on a free port over the in-memory service; logs are captured. */
export async function startTestApp(options: { readonly maxBodyBytes?: number; readonly useCases?: Partial<HttpUseCases>; readonly metricsToken?: string } = {}) {
  const service = createInMemoryService();
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString('utf8'));
      done();
    },
  });
  const logger = pino({ level: 'debug', redact: [...REDACT_PATHS] }, stream);
  const registry = new Registry();
  const metrics = createMetrics(registry, { queueStats: async () => ({ pending: 3, due: 2, oldestDueAgeSeconds: 1.5, retryingWebhooks: 1 }) });
  let ready = true;
  const stopping = new AbortController();
  const deps: HttpDeps = {
    // The in-memory service names its use cases as the routes do.
    useCases: { ...service, ...options.useCases },
    logger,
    registry,
    metrics,
    ready: async () => ready,
    clock: service.clock,
    shutdown: stopping.signal,
    ...(options.maxBodyBytes === undefined ? {} : { maxBodyBytes: options.maxBodyBytes }),
    ...(options.metricsToken === undefined ? {} : { metricsToken: options.metricsToken }),
  };
  const server: Server = createHttpApp(deps).listen(0, '127.0.0.1');
  await once(server, 'listening');
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const call = async (method: string, path: string, c: Call = {}): Promise<Answer> => {
    const headers: Record<string, string> = { ...c.headers };
    if (c.token !== undefined) headers['authorization'] = `Bearer ${c.token}`;
    let body: string | Uint8Array | undefined = c.raw;
    if (c.body !== undefined) {
      body = JSON.stringify(c.body);
      headers['content-type'] ??= 'application/json';
    }
    const response = await fetch(`${base}${path}`, { method, headers, ...(body === undefined ? {} : { body }) });
    const type = response.headers.get('content-type') ?? '';
    // A stream of server-sent events does not end: it is read up to its first message.
    const text = type.startsWith('text/event-stream') ? await firstMessage(response) : await response.text();
    return { status: response.status, headers: response.headers, text, body: /json/.test(type) && text !== '' ? (JSON.parse(text) as unknown) : text };
  };

  return {
    service,
    base,
    server,
    call,
    /** Every log line written so far. */
    logs: () => lines.join(''),
    setReady: (value: boolean) => {
      ready = value;
    },
    /** Tells the app the service is stopping (open streams end). */
    shutdown: () => stopping.abort(),
    close: async () => {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}

/** The text of a server-sent event stream up to the end of its first message; the stream is then dropped. */
async function firstMessage(response: Response): Promise<string> {
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  let text = '';
  while (!text.includes('\n\n')) {
    const { value, done } = await reader.read();
    if (done) break;
    text += decoder.decode(value, { stream: true });
  }
  await reader.cancel();
  return text;
}

/** The running test app. */
export type TestApp = Awaited<ReturnType<typeof startTestApp>>;

/** A field of a JSON answer, for tests. */
export function field<T = string>(answer: Answer, name: string): T {
  return (answer.body as Record<string, unknown>)[name] as T;
}

/**
 * A small world: project A (individual) with its platform key, an API admin and a plain admin
 * holding a key,
 * a form, a webhook and a delivery; project B with its own keys.
 */
export async function seedWorld(app: TestApp) {
  const operator = app.service.config.operatorToken;
  const projectA = await app.call('POST', '/v1/projects', { token: operator, body: { name: 'Alpha', system: 'individual' } });
  const projectB = await app.call('POST', '/v1/projects', { token: operator, body: { name: 'Beta', system: 'family' } });
  const a = field(projectA, 'id');
  const b = field(projectB, 'id');
  const apiAdmin = await app.call('POST', `/v1/projects/${a}/admins`, { token: operator, body: { email: 'api@example.com', apiAdmin: true } });
  const plainAdmin = await app.call('POST', `/v1/projects/${a}/admins`, { token: operator, body: { email: 'plain@example.com', apiAdmin: false } });
  const adminB = await app.call('POST', `/v1/projects/${b}/admins`, { token: operator, body: { email: 'api@b.example.com', apiAdmin: true } });
  // An admin who holds a key but is no API admin any more: promoted (a key is issued), then demoted.
  const plainId = field(plainAdmin, 'id');
  const promoted = await app.call('PATCH', `/v1/projects/${a}/admins/${plainId}`, { token: operator, body: { apiAdmin: true } });
  const demoted = await app.call('PATCH', `/v1/projects/${a}/admins/${plainId}`, { token: operator, body: { apiAdmin: false } });
  const platform = field(projectA, 'platformKey');
  const apiKey = field(apiAdmin, 'apiKey');
  const form = await app.call('PUT', `/v1/projects/${a}/forms/f1`, { token: platform, body: { name: 'Profile', audience: 'user' } });
  // A form only a trigger uses (f1 is used by nothing: it can be deleted).
  const triggered = await app.call('PUT', `/v1/projects/${a}/forms/f0`, { token: platform, body: { name: 'Welcome', audience: 'user' } });
  const trigger = await app.call('PUT', `/v1/projects/${a}/triggers/t0`, { token: platform, body: { on: { type: 'account_created' }, addForms: ['f0'] } });
  const webhook = await app.call('POST', `/v1/projects/${a}/webhooks`, {
    token: apiKey,
    body: { event: 'user_registered', url: 'https://receiver.example/registered' },
  });
  const activity = await app.call('POST', `/v1/projects/${a}/activities`, {
    token: platform,
    body: registered('act-1', 'u-1'),
  });
  const deliveries = await app.call('GET', `/v1/projects/${a}/deliveries`, { token: apiKey });
  const [delivery] = field<{ id: string }[]>(deliveries, 'items');
  for (const answer of [projectA, projectB, apiAdmin, plainAdmin, promoted, demoted, adminB, form, triggered, trigger, webhook, activity, deliveries]) {
    if (answer.status >= 300) throw new Error(`seeding failed: ${answer.status} ${answer.text}`);
  }
  if (!delivery) throw new Error('seeding made no delivery');
  return {
    operator,
    a,
    b,
    platform,
    platformB: field(projectB, 'platformKey'),
    apiKey,
    apiKeyB: field(adminB, 'apiKey'),
    plainAdminId: plainId,
    plainAdminKey: field(promoted, 'apiKey'),
    apiAdminId: field(apiAdmin, 'id'),
    webhookId: field(webhook, 'id'),
    secret: field(webhook, 'secret'),
    deliveryId: delivery.id,
  };
}

/** A `registered` activity. */
export function registered(id: string, userId: string) {
  return { id, type: 'registered', origin: 'applicant', occurredAt: '2026-01-01T10:00:00Z', user: { id: userId, username: `${userId}@example.com` } };
}
