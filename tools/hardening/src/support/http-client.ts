import http from 'node:http';
import type { IncomingHttpHeaders } from 'node:http';
import type { Transport } from '@webhooks/test-kit';

/** One request, as raw as the tests need it: any method, path, headers and body bytes. */
export interface RawRequest {
  readonly method: string;
  /** The path and query, sent as written (no encoding is added). */
  readonly path: string;
  readonly headers?: Readonly<Record<string, string>>;
  /** Bytes (or text) sent as the body; with `chunked`, sent without a Content-Length. */
  readonly body?: Buffer | string;
  readonly chunked?: boolean;
}

/** An answer: status, headers, the text and, when it parses, the JSON. */
export interface RawAnswer {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly text: string;
  readonly json: unknown;
  readonly durationMs: number;
}

/** Over this long, a request counts as hung and fails the test that sent it. */
const REQUEST_TIMEOUT_MS = 30_000;

/**
 * A small HTTP/1.1 client on `node:http` for hostile requests: unlike `fetch`, it sends any
 * Content-Type, a chunked body, a body on any method and a raw (unencoded) path. Only loopback
 * bases are accepted: the suites never send traffic outside 127.0.0.0/8.
 */
export class HttpClient {
  private readonly base: URL;
  private readonly agent = new http.Agent({ keepAlive: true, maxSockets: 16 });

  constructor(baseUrl: string) {
    this.base = new URL(baseUrl);
    if (!/^(127\.\d+\.\d+\.\d+|localhost|\[::1\])$/.test(this.base.hostname)) throw new Error(`refusing a non-loopback base URL: ${baseUrl}`);
  }

  /** Sends one request and reads the whole answer. */
  send(request: RawRequest): Promise<RawAnswer> {
    const started = performance.now();
    return new Promise((resolve, reject) => {
      const headers: Record<string, string | number> = { ...request.headers };
      if (request.body !== undefined && !request.chunked) headers['content-length'] = Buffer.byteLength(request.body);
      if (request.chunked) headers['transfer-encoding'] = 'chunked';
      const req = http.request(
        { host: this.base.hostname, port: this.base.port, method: request.method, path: request.path, headers, agent: this.agent, timeout: REQUEST_TIMEOUT_MS },
        (res) => {
          const chunks: Buffer[] = [];
          const answer = (): void => {
            const text = Buffer.concat(chunks).toString('utf8');
            let json: unknown = undefined;
            try {
              json = text === '' ? undefined : (JSON.parse(text) as unknown);
            } catch {
              json = undefined;
            }
            resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json, durationMs: performance.now() - started });
          };
          // A stream of server-sent events does not end: it is read up to its first message, then dropped.
          const streaming = String(res.headers['content-type'] ?? '').startsWith('text/event-stream');
          res.on('data', (c: Buffer) => {
            chunks.push(c);
            if (streaming && Buffer.concat(chunks).includes('\n\n')) {
              answer();
              req.destroy();
            }
          });
          res.on('error', reject);
          res.on('end', answer);
        },
      );
      req.on('timeout', () => req.destroy(new Error(`no answer in ${REQUEST_TIMEOUT_MS} ms: ${request.method} ${request.path.slice(0, 200)}`)));
      req.on('error', reject);
      if (request.body !== undefined) {
        if (request.chunked) {
          // Several chunks, so the server counts the size while reading rather than from a header.
          const bytes = Buffer.from(request.body);
          for (let i = 0; i < bytes.length; i += 16_384) req.write(bytes.subarray(i, i + 16_384));
        } else {
          req.write(request.body);
        }
      }
      req.end();
    });
  }

  /** JSON convenience: a bearer token and a JSON body. */
  json(method: string, path: string, token: string | undefined, body?: unknown): Promise<RawAnswer> {
    const headers: Record<string, string> = {};
    if (token !== undefined) headers['authorization'] = `Bearer ${token}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    return this.send({ method, path, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  }

  /** This client as the test kit's `ApiClient` transport, so what the kit's fixtures send goes through it (and any wrapper of `send`). */
  readonly transport: Transport = async (url, init) => {
    const { pathname, search } = new URL(url);
    const answer = await this.send({ method: init.method, path: `${pathname}${search}`, headers: init.headers, ...(init.body === undefined ? {} : { body: init.body }) });
    const headers = new Headers();
    for (const [name, value] of Object.entries(answer.headers)) if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
    return { status: answer.status, text: answer.text, headers };
  };

  /** Closes the pooled connections. */
  close(): void {
    this.agent.destroy();
  }
}
