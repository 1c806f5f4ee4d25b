/**
 * Who waits for an answer: `background` — a worker sending a queued delivery (it can wait);
 * `interactive` — a person (an interactive call the platform's user is waiting on, an admin's
 * test send).
 */
export type OutboundLane = 'background' | 'interactive';

/** One outbound POST. */
export interface OutboundRequest {
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
  readonly timeoutMs: number;
  readonly signal?: AbortSignal;
  /**
   * `background` when left out. A transport never makes an `interactive` request wait behind
   * `background` ones — however many are queued to the same host, and however slow it is.
   */
  readonly lane?: OutboundLane;
}

/** Why a request got no HTTP answer. */
export type TransportErrorKind = 'timeout' | 'dns' | 'refused' | 'tls' | 'network' | 'blocked';

/** What came back: an HTTP answer (any status), or a transport failure. */
export type TransportResult =
  | {
      readonly kind: 'response';
      readonly status: number;
      /** Lower-cased header names. */
      readonly headers: Readonly<Record<string, string>>;
      /** The body read up to the transport's cap. */
      readonly body: string;
      readonly truncated: boolean;
      readonly durationMs: number;
      /** The headers the request went out with (the given ones plus the transport's own), lower-cased names. */
      readonly sentHeaders?: Readonly<Record<string, string>>;
    }
  | {
      readonly kind: 'error';
      readonly error: TransportErrorKind;
      readonly message: string;
      readonly durationMs: number;
      /** As for a response; absent when the request never left (blocked, bad input). */
      readonly sentHeaders?: Readonly<Record<string, string>>;
    };

/** Sends webhook requests. Never follows redirects, never retries on its own. */
export interface WebhookTransport {
  send(request: OutboundRequest): Promise<TransportResult>;
}
