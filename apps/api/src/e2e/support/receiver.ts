import { createServer } from 'node:http';
import type { IncomingHttpHeaders, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';

/** One request the receiver got, with whether its signature verified against the path's secret. */
export interface Received {
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
  readonly json: Record<string, unknown>;
  readonly verified: boolean;
}

/** What the receiver answers on a path. */
export interface Reply {
  readonly status: number;
  readonly body?: unknown;
  readonly headers?: Record<string, string>;
}

/**
 * A real HTTP receiver on 127.0.0.1: verifies every Standard Webhooks signature with the
 * reference verifier (`standardwebhooks`) against the secret registered for the path, records
 * what arrived, and answers as scripted per path (200 by default).
 */
export class Receiver {
  readonly received: Received[] = [];
  private readonly secrets = new Map<string, string>();
  private readonly replies = new Map<string, Reply[]>();
  private server: Server | null = null;
  private base = '';

  /** Listens on a free port. */
  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        const path = req.url ?? '/';
        const secret = this.secrets.get(path);
        let verified = false;
        if (secret) {
          try {
            new Webhook(secret).verify(body, {
              'webhook-id': String(req.headers['webhook-id']),
              'webhook-timestamp': String(req.headers['webhook-timestamp']),
              'webhook-signature': String(req.headers['webhook-signature']),
            });
            verified = true;
          } catch {
            verified = false;
          }
        }
        let json: Record<string, unknown> = {};
        try {
          json = JSON.parse(body) as Record<string, unknown>;
        } catch {
          json = {};
        }
        this.received.push({ path, headers: req.headers, body, json, verified });
        const queue = this.replies.get(path);
        const reply = (queue && (queue.length > 1 ? queue.shift() : queue[0])) ?? { status: 200 };
        res.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers });
        res.end(reply.body === undefined ? '' : typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body));
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    this.base = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  /** The URL of `path` on this receiver. */
  url(path: string): string {
    return `${this.base}${path}`;
  }

  /** Verifies requests to `path` with `secret` (the webhook's whsec_ secret). */
  secret(path: string, secret: string): void {
    this.secrets.set(path, secret);
  }

  /** Answers requests to `path` with these replies in turn; the last repeats. */
  reply(path: string, ...replies: Reply[]): void {
    this.replies.set(path, replies);
  }

  /** What arrived at `path`. */
  at(path: string): Received[] {
    return this.received.filter((r) => r.path === path);
  }

  /** Waits until `count` requests arrived at `path` (bounded: fails after `timeoutMs`). */
  async waitFor(path: string, count: number, timeoutMs = 10_000): Promise<Received[]> {
    const deadline = Date.now() + timeoutMs;
    while (this.at(path).length < count) {
      if (Date.now() > deadline) throw new Error(`expected ${count} requests at ${path}, got ${this.at(path).length}`);
      await new Promise((r) => setTimeout(r, 20));
    }
    return this.at(path);
  }

  /** Stops listening. */
  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }
}
