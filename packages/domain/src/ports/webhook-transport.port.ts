/** One outbound POST. */
export interface OutboundRequest {
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
  readonly timeoutMs: number;
  readonly signal?: AbortSignal;
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
    }
  | {
      readonly kind: 'error';
      readonly error: TransportErrorKind;
      readonly message: string;
      readonly durationMs: number;
    };

/** Sends webhook requests. Never follows redirects, never retries on its own. */
export interface WebhookTransport {
  send(request: OutboundRequest): Promise<TransportResult>;
}
