import { readFileSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import net from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { Webhook } from 'standardwebhooks';
import type { OutboundRequest, TransportResult } from '@webhooks/domain';
import { GotWebhookTransport } from './got-webhook-transport.js';
import { TRANSPORT_DEFAULTS } from './transport-options.js';
import { LocalReceiver } from './testing/local-receiver.js';

const fixture = (name: string): Buffer => readFileSync(new URL(`./testing/fixtures/${name}`, import.meta.url));

const SHORT_TIMEOUT_MS = 300;
/** Slack for timers and a loaded CI machine; still far below a body that is read to the end. */
const MARGIN_MS = 1_000;

function post(url: string, extra: Partial<OutboundRequest> = {}): OutboundRequest {
  return { url, headers: {}, body: '{"type":"ping"}', timeoutMs: 5_000, ...extra };
}

function expectResponse(result: TransportResult): Extract<TransportResult, { kind: 'response' }> {
  if (result.kind !== 'response') {
    throw new Error(`expected a response, got ${result.error}: ${result.message}`);
  }
  return result;
}

/** Polls `check` every 10 ms until it holds (bounded: 10 s). */
async function waitUntil(check: () => boolean): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** A port with nothing listening: bind one, then close it. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe(GotWebhookTransport.name, () => {
  let receiver: LocalReceiver;
  let transport: GotWebhookTransport;

  beforeAll(async () => {
    receiver = await LocalReceiver.start();
    transport = new GotWebhookTransport({ allowPrivateTargets: true, allowHttpTargets: true });
  });

  afterEach(() => {
    receiver.reset();
  });

  afterAll(async () => {
    transport.close();
    await receiver.close();
  });

  describe('when the receiver answers 2xx', () => {
    it('should return the status, lower-case headers, body and duration', async () => {
      receiver.route('/ok', (response) => {
        response.writeHead(202, { 'X-Receiver': 'yes', 'Content-Type': 'text/plain' }).end('accepted');
      });

      const result = expectResponse(await transport.send(post(receiver.url('/ok'))));

      expect(result).toMatchObject({ status: 202, body: 'accepted', truncated: false });
      expect(result.headers).toMatchObject({ 'x-receiver': 'yes', 'content-type': 'text/plain' });
      expect(result.durationMs).toBeGreaterThanOrEqual(0);
    });

    it('should POST the body and the given headers, with content-type and user-agent', async () => {
      const body = '{"event":"ünïcødé ✓","n":1}';

      await transport.send(post(receiver.url('/hook'), { body, headers: { 'Webhook-Id': 'msg_1', 'x-extra': 'a b' } }));

      const [received] = receiver.requests;
      expect(received).toMatchObject({ method: 'POST', path: '/hook', body });
      expect(received?.headers).toMatchObject({
        'webhook-id': 'msg_1',
        'x-extra': 'a b',
        'content-type': 'application/json',
        'user-agent': TRANSPORT_DEFAULTS.userAgent,
        'content-length': String(Buffer.byteLength(body)),
      });
    });

    it('should say which headers it sent: each as the receiver got it', async () => {
      const result = expectResponse(await transport.send(post(receiver.url('/hook'), { headers: { 'Webhook-Id': 'msg_3' } })));

      const [received] = receiver.requests;
      expect(Object.keys(result.sentHeaders ?? {}).sort()).toEqual(['content-type', 'user-agent', 'webhook-id']);
      for (const [name, value] of Object.entries(result.sentHeaders ?? {})) expect(received?.headers[name]).toBe(value);
    });

    it('should deliver bytes that a Standard Webhooks verifier accepts', async () => {
      const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
      const body = JSON.stringify({ type: 'user_registered', data: { name: 'Zoë', note: 'a\nb "quoted" \u2028' } });
      const timestamp = new Date();
      const signature = new Webhook(secret).sign('msg_2Lx', timestamp, body);
      const headers = {
        'webhook-id': 'msg_2Lx',
        'webhook-timestamp': String(Math.floor(timestamp.getTime() / 1000)),
        'webhook-signature': signature,
      };

      await transport.send(post(receiver.url('/signed'), { body, headers }));

      const [received] = receiver.requests;
      const verified = new Webhook(secret).verify(received!.body, received!.headers as Record<string, string>);
      expect(verified).toEqual(JSON.parse(body));
    });

    it('should reuse a pooled keep-alive connection for the next request', async () => {
      await transport.send(post(receiver.url('/one')));
      await transport.send(post(receiver.url('/two')));

      expect(receiver.requests).toHaveLength(2);
      expect(receiver.connections).toBeLessThanOrEqual(1);
    });

    it('should let the configured user-agent replace the default', async () => {
      const custom = new GotWebhookTransport({ allowPrivateTargets: true, allowHttpTargets: true, userAgent: 'acme-hooks/2' });

      await custom.send(post(receiver.url('/ua')));
      custom.close();

      expect(receiver.requests[0]?.headers['user-agent']).toBe('acme-hooks/2');
    });
  });

  describe('when the caller passes headers the transport owns', () => {
    it('should send the real host and content-length instead', async () => {
      await transport.send(post(receiver.url('/owned'), { headers: { Host: 'internal.example', 'content-length': '1' } }));

      expect(receiver.requests[0]?.headers).toMatchObject({
        host: `127.0.0.1:${receiver.port}`,
        'content-length': String(Buffer.byteLength('{"type":"ping"}')),
      });
    });
  });

  describe('when a header value is invalid', () => {
    it('should throw, as this is a bug of the caller, and send nothing', async () => {
      await expect(transport.send(post(receiver.url('/bad'), { headers: { 'x-bad': 'line\r\nbreak' } }))).rejects.toThrow('Invalid character in header content');
      expect(receiver.connections).toBe(0);
    });
  });

  describe('when misconfigured', () => {
    it('should refuse a negative body cap or a zero socket limit at construction', () => {
      expect(() => new GotWebhookTransport({ allowPrivateTargets: true, allowHttpTargets: true, maxResponseBytes: -1 })).toThrow('maxResponseBytes');
      expect(() => new GotWebhookTransport({ allowPrivateTargets: true, allowHttpTargets: true, maxSocketsPerHost: 0 })).toThrow('maxSocketsPerHost');
    });

    it('should throw for a request without a positive timeout, and send nothing', async () => {
      await expect(transport.send(post(receiver.url('/'), { timeoutMs: 0 }))).rejects.toThrow('timeoutMs');
      expect(receiver.connections).toBe(0);
    });
  });

  describe('when the receiver answers an error status', () => {
    it('should return a 500 as a response', async () => {
      receiver.route('/fail', (response) => {
        response.writeHead(500).end('boom');
      });

      const result = expectResponse(await transport.send(post(receiver.url('/fail'))));

      expect(result).toMatchObject({ status: 500, body: 'boom', truncated: false });
    });

    it('should return a 429 with its Retry-After header', async () => {
      receiver.route('/busy', (response) => {
        response.writeHead(429, { 'Retry-After': '120' }).end();
      });

      const result = expectResponse(await transport.send(post(receiver.url('/busy'))));

      expect(result.status).toBe(429);
      expect(result.headers['retry-after']).toBe('120');
    });

    it('should join a repeated header into one value', async () => {
      receiver.route('/cookies', (response) => {
        response.writeHead(410, [['Set-Cookie', 'a=1'], ['Set-Cookie', 'b=2']]).end();
      });

      const result = expectResponse(await transport.send(post(receiver.url('/cookies'))));

      expect(result).toMatchObject({ status: 410, headers: { 'set-cookie': 'a=1, b=2' } });
    });
  });

  describe('when the receiver redirects', () => {
    it('should return the 302 and never follow it', async () => {
      receiver.route('/moved', (response) => {
        response.writeHead(302, { Location: receiver.url('/target') }).end();
      });

      const result = expectResponse(await transport.send(post(receiver.url('/moved'))));

      expect(result.status).toBe(302);
      expect(result.headers.location).toBe(receiver.url('/target'));
      expect(receiver.requests.map((r) => r.path)).toEqual(['/moved']);
    });
  });

  describe('when the receiver never answers', () => {
    it('should report timeout shortly after timeoutMs', async () => {
      receiver.route('/silent', () => undefined);

      const result = await transport.send(post(receiver.url('/silent'), { timeoutMs: SHORT_TIMEOUT_MS }));

      expect(result).toMatchObject({ kind: 'error', error: 'timeout' });
      expect(result.durationMs).toBeGreaterThanOrEqual(SHORT_TIMEOUT_MS - 5);
      expect(result.durationMs).toBeLessThan(SHORT_TIMEOUT_MS + MARGIN_MS);
    });
  });

  describe('when the receiver trickles its body a byte every 50 ms', () => {
    it('should cut it off with timeout at timeoutMs', async () => {
      receiver.route('/trickle', (response) => {
        response.writeHead(200, { 'content-type': 'text/plain' });
        const timer = setInterval(() => response.write('.'), 50);
        response.on('close', () => clearInterval(timer));
      });

      const result = await transport.send(post(receiver.url('/trickle'), { timeoutMs: SHORT_TIMEOUT_MS }));

      expect(result).toMatchObject({ kind: 'error', error: 'timeout' });
      expect(result.durationMs).toBeGreaterThanOrEqual(SHORT_TIMEOUT_MS - 5);
      expect(result.durationMs).toBeLessThan(SHORT_TIMEOUT_MS + MARGIN_MS);
    });
  });

  describe('when the body is larger than the cap', () => {
    it('should keep at most the cap of a 10 MB body, mark it truncated and keep memory bounded', async () => {
      const tenMegabytes = 10 * 1024 * 1024;
      const chunk = Buffer.alloc(64 * 1024, 'x');
      let written = 0;
      receiver.route('/huge', (response) => {
        response.writeHead(200, { 'content-length': String(tenMegabytes) });
        const pump = (): void => {
          while (written < tenMegabytes && !response.destroyed) {
            written += chunk.length;
            if (!response.write(chunk)) {
              response.once('drain', pump);
              return;
            }
          }
          response.end();
        };
        pump();
      });
      const before = process.memoryUsage().arrayBuffers;

      const result = expectResponse(await transport.send(post(receiver.url('/huge'))));

      const grown = process.memoryUsage().arrayBuffers - before;
      expect(result.truncated).toBe(true);
      expect(Buffer.byteLength(result.body)).toBe(TRANSPORT_DEFAULTS.maxResponseBytes);
      expect(grown).toBeLessThan(4 * 1024 * 1024);
    });

    it('should stop reading an endless body and close the connection', async () => {
      const small = new GotWebhookTransport({ allowPrivateTargets: true, allowHttpTargets: true, maxResponseBytes: 1000 });
      let closed!: Promise<void>;
      receiver.route('/endless', (response) => {
        closed = new Promise((resolve) => response.on('close', resolve));
        response.writeHead(200);
        const chunk = Buffer.alloc(16 * 1024, 'y');
        const pump = (): void => {
          while (!response.destroyed && response.write(chunk));
          if (!response.destroyed) response.once('drain', pump);
        };
        pump();
      });

      const result = expectResponse(await small.send(post(receiver.url('/endless'), { timeoutMs: 10_000 })));
      small.close();

      expect(result).toMatchObject({ status: 200, truncated: true });
      expect(result.body).toBe('y'.repeat(1000));
      expect(result.durationMs).toBeLessThan(5_000);
      await closed;
    });

    it('should keep a body of exactly the cap whole', async () => {
      const small = new GotWebhookTransport({ allowPrivateTargets: true, allowHttpTargets: true, maxResponseBytes: 5 });
      receiver.route('/five', (response) => {
        response.end('12345');
      });

      const result = expectResponse(await small.send(post(receiver.url('/five'))));
      small.close();

      expect(result).toMatchObject({ body: '12345', truncated: false });
    });

    it('should not cut a multi-byte character in half', async () => {
      const small = new GotWebhookTransport({ allowPrivateTargets: true, allowHttpTargets: true, maxResponseBytes: 4 });
      receiver.route('/euro', (response) => {
        response.end('ab€€');
      });

      const result = expectResponse(await small.send(post(receiver.url('/euro'))));
      small.close();

      expect(result).toMatchObject({ body: 'ab', truncated: true });
    });
  });

  describe('when nothing listens on the port', () => {
    it('should report refused', async () => {
      const port = await closedPort();

      const result = await transport.send(post(`http://127.0.0.1:${port}/`));

      expect(result).toMatchObject({ kind: 'error', error: 'refused' });
    });
  });

  describe('when the host name does not resolve', () => {
    it('should report dns', async () => {
      const result = await transport.send(post(`http://nothing.invalid:${receiver.port}/`));

      expect(result).toMatchObject({ kind: 'error', error: 'dns' });
      expect(result.kind === 'error' && result.message).toContain('ENOTFOUND');
    });
  });

  describe('when TLS fails', () => {
    it('should report tls for an https URL to a plain http port', async () => {
      const result = await transport.send(post(`https://127.0.0.1:${receiver.port}/`));

      expect(result).toMatchObject({ kind: 'error', error: 'tls' });
      expect(receiver.requests).toHaveLength(0);
    });

    it('should report tls for a server with a self-signed certificate', async () => {
      const tlsReceiver = await LocalReceiver.start({ key: fixture('self-signed.key.pem'), cert: fixture('self-signed.cert.pem') });
      try {
        const result = await transport.send(post(tlsReceiver.url('/')));

        expect(result).toMatchObject({ kind: 'error', error: 'tls' });
        expect(tlsReceiver.requests).toHaveLength(0);
      } finally {
        await tlsReceiver.close();
      }
    });
  });

  describe('when plain http targets are not allowed', () => {
    it('should block an http URL without connecting', async () => {
      const httpsOnly = new GotWebhookTransport({ allowPrivateTargets: true, allowHttpTargets: false });

      const result = await httpsOnly.send(post(receiver.url('/plain')));
      httpsOnly.close();

      expect(result).toMatchObject({ kind: 'error', error: 'blocked' });
      expect(receiver.connections).toBe(0);
    });
  });

  describe('when background requests fill every socket of a slow host', () => {
    const hold = (held: (() => void)[]) => (response: ServerResponse) => held.push(() => response.end('late'));

    it('should answer an interactive request to the same host at once, from a pool of its own', async () => {
      const pooled = new GotWebhookTransport({ allowPrivateTargets: true, allowHttpTargets: true, maxSocketsPerHost: 2 });
      const held: (() => void)[] = [];
      receiver.route('/slow', hold(held));
      receiver.route('/form', (response) => response.end('{}'));
      try {
        const slow = Array.from({ length: 6 }, () => pooled.send(post(receiver.url('/slow'), { timeoutMs: 10_000 })));
        await waitUntil(() => held.length === 2);

        const started = performance.now();
        const interactive = expectResponse(await pooled.send(post(receiver.url('/form'), { lane: 'interactive', timeoutMs: 2_000 })));
        expect(interactive.body).toBe('{}');
        expect(performance.now() - started).toBeLessThan(MARGIN_MS);
        // The background pool is still full: a background request to the host waits, and times out.
        expect(await pooled.send(post(receiver.url('/form'), { timeoutMs: SHORT_TIMEOUT_MS }))).toMatchObject({ kind: 'error', error: 'timeout' });
        expect(receiver.requests.filter((r) => r.path === '/form')).toHaveLength(1);

        await waitUntil(() => {
          while (held.length > 0) held.shift()?.();
          return receiver.requests.filter((r) => r.path === '/slow').length === 6;
        });
        for (const result of await Promise.all(slow)) expect(expectResponse(result).body).toBe('late');
      } finally {
        pooled.close();
      }
    });

    it('should answer a request still waiting for a socket at its timeoutMs, or soon after its caller aborts, not when a socket frees', async () => {
      const pooled = new GotWebhookTransport({ allowPrivateTargets: true, allowHttpTargets: true, maxSocketsPerHost: 1 });
      const held: (() => void)[] = [];
      receiver.route('/slow', hold(held));
      try {
        const slow = pooled.send(post(receiver.url('/slow'), { timeoutMs: 10_000 }));
        await waitUntil(() => held.length === 1);

        const timedOut = await pooled.send(post(receiver.url('/queued'), { timeoutMs: SHORT_TIMEOUT_MS }));
        expect(timedOut).toMatchObject({ kind: 'error', error: 'timeout' });
        expect(timedOut.durationMs).toBeLessThan(SHORT_TIMEOUT_MS + MARGIN_MS);

        const controller = new AbortController();
        setTimeout(() => controller.abort(), 100);
        const aborted = await pooled.send(post(receiver.url('/queued'), { timeoutMs: 10_000, signal: controller.signal }));
        expect(aborted).toMatchObject({ kind: 'error', error: 'timeout', message: expect.stringMatching(/abort/i) });
        expect(aborted.durationMs).toBeLessThan(100 + MARGIN_MS);

        held.shift()?.();
        expect(expectResponse(await slow).body).toBe('late');
        // Given up on, they are never sent once the socket frees.
        await new Promise((resolve) => setTimeout(resolve, 100));
        expect(receiver.requests.map((r) => r.path)).toEqual(['/slow']);
      } finally {
        pooled.close();
      }
    });
  });

  describe('when the caller aborts through its signal', () => {
    it('should report timeout once the signal fires mid-request', async () => {
      const controller = new AbortController();
      receiver.route('/hang', () => {
        controller.abort();
      });

      const result = await transport.send(post(receiver.url('/hang'), { signal: controller.signal }));

      expect(result).toMatchObject({ kind: 'error', error: 'timeout' });
      expect(result.kind === 'error' && result.message).toMatch(/abort/i);
      expect(receiver.requests).toHaveLength(1);
    });

    it('should not connect when the signal has already fired', async () => {
      const result = await transport.send(post(receiver.url('/late'), { signal: AbortSignal.abort() }));

      expect(result).toMatchObject({ kind: 'error', error: 'timeout' });
      expect(receiver.connections).toBe(0);
    });
  });
});
