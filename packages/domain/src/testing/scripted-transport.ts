import type { OutboundRequest, TransportResult, WebhookTransport } from '../ports/webhook-transport.port.js';

/** Answers a request: a result, or a function of the request. */
export type Script = TransportResult | ((request: OutboundRequest) => TransportResult | Promise<TransportResult>);

/** An HTTP 200 with an optional JSON body. */
export const answer = (status: number, body: unknown = '', headers: Record<string, string> = {}): TransportResult => ({
  kind: 'response',
  status,
  headers,
  body: typeof body === 'string' ? body : JSON.stringify(body),
  truncated: false,
  durationMs: 1,
});

/** A transport failure. */
export const failure = (error: 'timeout' | 'dns' | 'refused' | 'tls' | 'network' | 'blocked'): TransportResult => ({
  kind: 'error',
  error,
  message: error,
  durationMs: 1,
});

/**
 * A WebhookTransport for domain tests: records every request and answers from scripts per URL
 * (a queue of answers, the last one repeating), or 200 when the URL has no script.
 */
export class ScriptedTransport implements WebhookTransport {
  readonly requests: OutboundRequest[] = [];
  private readonly scripts = new Map<string, Script[]>();

  /** Answers requests to `url` with these, in turn; the last one repeats. */
  script(url: string, ...answers: Script[]): this {
    this.scripts.set(url, answers);
    return this;
  }

  /** Requests sent to `url`. */
  sentTo(url: string): OutboundRequest[] {
    return this.requests.filter((r) => r.url === url);
  }

  /** Records the request and answers it. */
  async send(request: OutboundRequest): Promise<TransportResult> {
    this.requests.push(request);
    const queue = this.scripts.get(request.url);
    const next = queue && (queue.length > 1 ? queue.shift() : queue[0]);
    if (!next) return answer(200);
    return typeof next === 'function' ? next(request) : next;
  }
}
