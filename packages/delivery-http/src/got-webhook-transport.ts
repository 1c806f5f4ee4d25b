import { once } from 'node:events';
import http, { validateHeaderName, validateHeaderValue, type IncomingHttpHeaders } from 'node:http';
import https from 'node:https';
import { performance } from 'node:perf_hooks';
import got, { RequestError, type Got, type Response } from 'got';
import type { OutboundLane, OutboundRequest, TransportErrorKind, TransportResult, WebhookTransport } from '@webhooks/domain';
import { readCappedBody } from './capped-body.js';
import { createGuardedLookup } from './guarded-lookup.js';
import { checkTarget } from './ssrf-guard.js';
import { classifyErrorCode } from './transport-error.js';
import { TRANSPORT_DEFAULTS, type GotWebhookTransportOptions } from './transport-options.js';

/** Headers the transport owns: a caller's value would contradict the URL or the body. */
const TRANSPORT_HEADERS: ReadonlySet<string> = new Set(['host', 'content-length', 'transfer-encoding', 'connection']);

/** The keep-alive agents of one lane (got picks by the URL's scheme). */
interface Agents {
  readonly http: http.Agent;
  readonly https: https.Agent;
}

/**
 * The outbound HTTP client of webhook delivery, on got. One POST per `send`: no redirects
 * followed, no retries, any status returned as a `response`, every failure returned as an `error`
 * with its class; it throws only for a bug (an invalid header from the caller).
 * Keep-alive agents pool connections, one pair per lane: `background` requests (the worker's)
 * and `interactive` ones (a person waits) never share a socket pool, so a backlog of slow
 * deliveries to a host cannot make an interactive call to it wait for a socket. Every agent's DNS
 * lookup is the SSRF guard, so no socket they open reaches a refused address. Call {@link close}
 * on shutdown.
 */
export class GotWebhookTransport implements WebhookTransport {
  readonly #options: GotWebhookTransportOptions;
  readonly #lanes: Readonly<Record<OutboundLane, Agents>>;
  readonly #client: Got;
  readonly #userAgent: string;
  readonly #maxResponseBytes: number;
  readonly #connectTimeoutMs: number;

  constructor(options: GotWebhookTransportOptions) {
    this.#options = options;
    this.#userAgent = options.userAgent ?? TRANSPORT_DEFAULTS.userAgent;
    this.#maxResponseBytes = atLeast('maxResponseBytes', options.maxResponseBytes ?? TRANSPORT_DEFAULTS.maxResponseBytes, 0);
    this.#connectTimeoutMs = atLeast('connectTimeoutMs', options.connectTimeoutMs ?? TRANSPORT_DEFAULTS.connectTimeoutMs, 1);
    const maxSockets = atLeast('maxSocketsPerHost', options.maxSocketsPerHost ?? TRANSPORT_DEFAULTS.maxSocketsPerHost, 1);
    const interactiveSockets = atLeast('interactiveSocketsPerHost', options.interactiveSocketsPerHost ?? TRANSPORT_DEFAULTS.interactiveSocketsPerHost, 1);
    const lookup = createGuardedLookup({
      allowPrivateTargets: options.allowPrivateTargets,
      ...(options.resolve === undefined ? {} : { resolve: options.resolve }),
    });
    // Agent options override request options in Node, so this lookup is used for every socket.
    const agents = (sockets: number): Agents => {
      const agentOptions = { keepAlive: true, maxSockets: sockets, lookup };
      return { http: new http.Agent(agentOptions), https: new https.Agent(agentOptions) };
    };
    this.#lanes = { background: agents(maxSockets), interactive: agents(interactiveSockets) };
    this.#client = got.extend({
      followRedirect: false,
      retry: { limit: 0 },
      throwHttpErrors: false,
      // Without decompression got asks for no encoding, and the cap counts bytes on the wire.
      decompress: false,
      http2: false,
    });
  }

  /** Sends one webhook POST and reports what came back. */
  async send(request: OutboundRequest): Promise<TransportResult> {
    const started = performance.now();
    const failure = (error: TransportErrorKind, message: string): TransportResult => ({
      kind: 'error',
      error,
      message,
      durationMs: Math.round(performance.now() - started),
    });

    if (!(Number.isFinite(request.timeoutMs) && request.timeoutMs > 0)) {
      throw new RangeError(`timeoutMs must be a positive number, got ${request.timeoutMs}`);
    }
    const target = checkTarget(request.url, this.#options);
    if (!target.allowed) {
      return failure('blocked', target.reason);
    }
    if (request.signal?.aborted === true) {
      return failure('timeout', 'aborted by the caller before sending');
    }
    const headers = this.#headers(request.headers);
    const sentFailure = (error: TransportErrorKind, message: string): TransportResult => ({ ...failure(error, message), sentHeaders: headers });

    const stream = this.#client.stream(target.url, {
      method: 'POST',
      agent: this.#lanes[request.lane ?? 'background'],
      body: request.body,
      headers,
      timeout: { connect: Math.min(this.#connectTimeoutMs, request.timeoutMs), request: request.timeoutMs },
      ...(request.signal === undefined ? {} : { signal: request.signal }),
    });
    // Errors are read from the awaited promises below; this keeps a late one from going unhandled.
    stream.on('error', () => undefined);
    const exchange = (async (): Promise<TransportResult> => {
      try {
        const [response] = (await once(stream, 'response')) as [Response];
        const body = await readCappedBody(stream, this.#maxResponseBytes);
        return {
          kind: 'response',
          status: response.statusCode,
          headers: flattenHeaders(response.headers),
          body: body.text,
          truncated: body.truncated,
          durationMs: Math.round(performance.now() - started),
          sentHeaders: headers,
        };
      } catch (error) {
        stream.destroy();
        if (!(error instanceof RequestError)) {
          throw error;
        }
        return sentFailure(classifyErrorCode(error.code), error.message);
      }
    })();
    // got enforces the timeout and the abort, but a request still queued for a pooled socket hears
    // of them only once a socket frees up (Node's ClientRequest cannot fail before it has one).
    // This bound answers such a request at its time; got's own answer wins whenever it comes.
    exchange.catch(() => undefined);
    const overdue = settleAfter(request.timeoutMs + OVERDUE_GRACE_MS, request.signal);
    try {
      const first = await Promise.race([exchange, overdue.promise]);
      if (first !== 'overdue' && first !== 'aborted') return first;
      stream.destroy();
      return sentFailure('timeout', first === 'aborted' ? 'aborted by the caller' : `no answer within ${request.timeoutMs} ms (no connection to the host was free)`);
    } finally {
      overdue.cancel();
    }
  }

  /** Destroys the pooled sockets of both lanes. Requests in flight fail with `network`. */
  close(): void {
    for (const agents of Object.values(this.#lanes)) {
      agents.http.destroy();
      agents.https.destroy();
    }
  }

  #headers(given: Readonly<Record<string, string>>): Record<string, string> {
    const headers: Record<string, string> = { 'content-type': 'application/json', 'user-agent': this.#userAgent };
    for (const [rawName, value] of Object.entries(given)) {
      const name = rawName.toLowerCase();
      if (TRANSPORT_HEADERS.has(name)) continue;
      validateHeaderName(name);
      validateHeaderValue(name, value);
      headers[name] = value;
    }
    return headers;
  }
}

/** How long after its timeout (or its abort) a request still waiting for a socket is answered by {@link settleAfter}. */
const OVERDUE_GRACE_MS = 50;

/**
 * A promise of `overdue` after `ms`, or `aborted` {@link OVERDUE_GRACE_MS} after `signal` fires
 * (the grace lets got's own answer come first when it can); `cancel` clears both.
 */
function settleAfter(ms: number, signal: AbortSignal | undefined): { readonly promise: Promise<'overdue' | 'aborted'>; cancel(): void } {
  const timers: NodeJS.Timeout[] = [];
  let onAbort: (() => void) | undefined;
  const promise = new Promise<'overdue' | 'aborted'>((resolve) => {
    timers.push(setTimeout(() => resolve('overdue'), ms));
    onAbort = () => timers.push(setTimeout(() => resolve('aborted'), OVERDUE_GRACE_MS));
    signal?.addEventListener('abort', onAbort, { once: true });
  });
  return {
    promise,
    cancel: () => {
      for (const timer of timers) clearTimeout(timer);
      if (onAbort) signal?.removeEventListener('abort', onAbort);
    },
  };
}

/** Returns `value` if it is an integer ≥ `min`; anything else is a configuration bug. */
function atLeast(name: string, value: number, min: number): number {
  if (!Number.isSafeInteger(value) || value < min) {
    throw new RangeError(`${name} must be an integer >= ${min}, got ${value}`);
  }
  return value;
}

/** Node's response headers (lower-case names) as one string each; repeated ones joined by ", ". */
function flattenHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) {
      flat[name] = Array.isArray(value) ? value.join(', ') : value;
    }
  }
  return flat;
}
