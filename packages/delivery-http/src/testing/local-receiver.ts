import http, { type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';

/** One request as the receiver got it, body as the exact bytes (UTF-8) that arrived. */
export interface ReceivedRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

/** How the receiver answers one path; called once the request body has fully arrived. */
export type ReceiverHandler = (response: ServerResponse, request: ReceivedRequest) => void;

/**
 * A real HTTP(S) server on 127.0.0.1 (port 0) for transport tests. It records every TCP
 * connection and request; unrouted paths answer 200 `ok`.
 */
export class LocalReceiver {
  readonly requests: ReceivedRequest[] = [];
  connections = 0;
  readonly #routes = new Map<string, ReceiverHandler>();

  private constructor(private readonly server: http.Server, readonly protocol: 'http' | 'https') {}

  /** Starts a receiver; with `tls`, an HTTPS one using that key and certificate. */
  static async start(tls?: { readonly key: Buffer; readonly cert: Buffer }): Promise<LocalReceiver> {
    const server = tls === undefined ? http.createServer() : https.createServer(tls);
    const receiver = new LocalReceiver(server, tls === undefined ? 'http' : 'https');
    server.on('connection', () => {
      receiver.connections += 1;
    });
    server.on('request', (request: IncomingMessage, response: ServerResponse) => {
      receiver.#onRequest(request, response);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return receiver;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  /** `http://127.0.0.1:<port><path>` (or https). */
  url(path = '/'): string {
    return `${this.protocol}://127.0.0.1:${this.port}${path}`;
  }

  /** Makes `path` answer with `handler`. */
  route(path: string, handler: ReceiverHandler): void {
    this.#routes.set(path, handler);
  }

  /** Forgets recorded connections and requests (routes stay). */
  reset(): void {
    this.requests.length = 0;
    this.connections = 0;
  }

  /** Drops every open connection and stops listening. */
  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  #onRequest(request: IncomingMessage, response: ServerResponse): void {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const received: ReceivedRequest = {
        method: request.method ?? '',
        path: request.url ?? '',
        headers: request.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      this.requests.push(received);
      const handler = this.#routes.get(received.path);
      if (handler === undefined) {
        response.end('ok');
      } else {
        handler(response, received);
      }
    });
  }
}
