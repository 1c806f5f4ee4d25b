import { createServer } from 'node:http';
import type { IncomingHttpHeaders, Server, ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { until } from './until.js';

/** One request the receiver got: what arrived, whether its signature verified, and when the caller let go. */
export interface Received {
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
  readonly json: Record<string, unknown>;
  readonly verified: boolean;
  /** The status it was answered with (a late answer's included); null when it never was (a hang). */
  readonly answered: number | null;
  /** performance.now() when the body had arrived. */
  readonly arrivedAt: number;
  /** performance.now() when the connection closed (the caller gave up, or the answer ended); null while open. */
  closedAt: number | null;
}

/** How the receiver answers on a path. */
export type Behaviour =
  | { readonly kind: 'reply'; readonly status: number; readonly body?: unknown; readonly headers?: Readonly<Record<string, string>> }
  /** Never answers: the connection stays open until the caller gives up. */
  | { readonly kind: 'hang' }
  /** Answers `status` after `afterMs` (a slow receiver). */
  | { readonly kind: 'late'; readonly afterMs: number; readonly status: number }
  /** Sends 200 and its headers at once, then one byte of body every `everyMs`, never ending. */
  | { readonly kind: 'drip'; readonly everyMs: number }
  /** Answers `status` once the test calls `release()` (at once, after that): a host that holds every send until told. */
  | { readonly kind: 'held'; readonly status: number }
  /**
   * Answers the path's n-th request with `statuses[n]`, and every request after the last with the
   * last (500 then 200: a retry); counted per message (`webhook-id`) with `per: 'message'`, answered
   * `afterMs` late when given.
   */
  | { readonly kind: 'sequence'; readonly statuses: readonly [number, ...number[]]; readonly per?: 'path' | 'message'; readonly afterMs?: number };

/**
 * A real HTTP receiver on 127.0.0.1, for the end-to-end, CLI, hardening, contract and browser tests: answers as
 * told per path (a reply, a hang, a body dripped byte by byte), verifies every Standard Webhooks signature with the reference verifier
 * against the secret registered for the path, records what arrived and when the caller hung up.
 */
export class Receiver {
  readonly received: Received[] = [];
  private readonly secrets = new Map<string, string[]>();
  private readonly behaviours = new Map<string, Behaviour>();
  private fallback: Behaviour = { kind: 'reply', status: 200 };
  private readonly sockets = new Set<Socket>();
  private readonly timers = new Set<NodeJS.Timeout>();
  /** Answers of `held` paths waiting for `release()`; null once released. */
  private held: (() => void)[] | null = [];
  private server: Server | null = null;
  private base = '';

  /** Listens on a free port of 127.0.0.1 (or on `port` of `host`: an address of a network namespace, say). */
  async start(host = '127.0.0.1', port = 0): Promise<this> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        const path = req.url ?? '/';
        const behaviour = this.behaviours.get(path) ?? this.fallback;
        const earlier = this.at(path).filter((r) => behaviour.kind !== 'sequence' || behaviour.per !== 'message' || r.headers['webhook-id'] === req.headers['webhook-id']);
        const answered = statusOf(behaviour, earlier.length);
        const record: Received = { path, headers: req.headers, body, json: parseObject(body), verified: this.verify(path, body, req.headers), answered, arrivedAt: performance.now(), closedAt: null };
        this.received.push(record);
        res.on('close', () => (record.closedAt = performance.now()));
        this.answer(behaviour, answered, res);
      });
    });
    this.server.on('connection', (socket: Socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    await new Promise<void>((resolve) => this.server?.listen(port, host, resolve));
    this.base = `http://${host}:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  /** The URL of `path` on this receiver. */
  url(path: string): string {
    return `${this.base}${path}`;
  }

  /** Verifies requests to `path` with these secrets (any one verifying is enough). */
  secret(path: string, ...secrets: string[]): void {
    this.secrets.set(path, secrets);
  }

  /** Answers requests to `path` this way from now on. */
  behave(path: string, behaviour: Behaviour): void {
    this.behaviours.set(path, behaviour);
  }

  /** Answers requests to every path without a behaviour of its own this way from now on (at first: an empty 200). */
  behaveElsewhere(behaviour: Behaviour): void {
    this.fallback = behaviour;
  }

  /** Answers every `held` request now, and those arriving later at once. */
  release(): void {
    const held = this.held ?? [];
    this.held = null;
    for (const answer of held) answer();
  }

  /** What arrived at `path`. */
  at(path: string): Received[] {
    return this.received.filter((r) => r.path === path);
  }

  /** Waits until `count` requests arrived at `path` (bounded). */
  async waitFor(path: string, count: number, timeoutMs = 15_000): Promise<Received[]> {
    await until(() => this.at(path).length >= count, `${count} requests at ${path} (got ${this.at(path).length})`, timeoutMs, 20);
    return this.at(path);
  }

  /** Stops listening and cuts every open connection (hanging and held ones included). */
  async stop(): Promise<void> {
    this.held = null;
    for (const timer of this.timers) clearTimeout(timer);
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private verify(path: string, body: string, headers: IncomingHttpHeaders): boolean {
    const secrets = this.secrets.get(path) ?? [];
    return secrets.some((secret) => {
      try {
        new Webhook(secret).verify(body, {
          'webhook-id': String(headers['webhook-id']),
          'webhook-timestamp': String(headers['webhook-timestamp']),
          'webhook-signature': String(headers['webhook-signature']),
        });
        return true;
      } catch {
        return false;
      }
    });
  }

  private answer(behaviour: Behaviour, status: number | null, res: ServerResponse): void {
    switch (behaviour.kind) {
      case 'sequence':
        this.answer({ kind: 'late', afterMs: behaviour.afterMs ?? 0, status: status ?? 200 }, status, res);
        return;
      case 'held': {
        const answer = () => {
          if (!res.destroyed) res.writeHead(behaviour.status).end();
        };
        if (this.held) this.held.push(answer);
        else answer();
        return;
      }
      case 'reply':
        res.writeHead(behaviour.status, { 'content-type': 'application/json', ...behaviour.headers });
        res.end(behaviour.body === undefined ? '' : typeof behaviour.body === 'string' ? behaviour.body : JSON.stringify(behaviour.body));
        return;
      case 'hang':
        return;
      case 'late': {
        const timer = setTimeout(() => {
          this.timers.delete(timer);
          if (!res.destroyed) res.writeHead(behaviour.status).end();
        }, behaviour.afterMs);
        this.timers.add(timer);
        return;
      }
      case 'drip': {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.flushHeaders();
        const timer = setInterval(() => {
          if (res.destroyed || res.writableEnded) {
            clearInterval(timer);
            this.timers.delete(timer);
            return;
          }
          res.write(' ');
        }, behaviour.everyMs);
        this.timers.add(timer);
        res.on('close', () => {
          clearInterval(timer);
          this.timers.delete(timer);
        });
        return;
      }
    }
  }
}

/** The status `behaviour` answers the path's request number `index` (from 0) with; null for a hang. */
function statusOf(behaviour: Behaviour, index: number): number | null {
  switch (behaviour.kind) {
    case 'hang':
      return null;
    case 'drip':
      return 200;
    case 'sequence':
      return behaviour.statuses[Math.min(index, behaviour.statuses.length - 1)] ?? null;
    default:
      return behaviour.status;
  }
}

function parseObject(body: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(body);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
