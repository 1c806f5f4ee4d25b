import type { HostResolver } from './guarded-lookup.js';

/** Options of `GotWebhookTransport`: the deployment's switches and the client's limits. */
export interface GotWebhookTransportOptions {
  /** Allow loopback, private and link-local targets: the SSRF guard is off (local use and tests). */
  readonly allowPrivateTargets: boolean;
  /** Allow plain `http:` targets; when false an `http:` URL is `blocked`. */
  readonly allowHttpTargets: boolean;
  /** The `user-agent` header. Default `webhooks/0.1`. */
  readonly userAgent?: string;
  /** Response body bytes kept; the rest is discarded unread. Default 64 KiB. */
  readonly maxResponseBytes?: number;
  /** Time allowed to establish the TCP connection, capped by the request's `timeoutMs`. Default 5 s. */
  readonly connectTimeoutMs?: number;
  /** Pooled keep-alive sockets per host for `background` requests (per agent: http, https). Default 10. */
  readonly maxSocketsPerHost?: number;
  /**
   * Pooled keep-alive sockets per host for `interactive` requests, in pools of their own: however
   * many background requests wait for a slow host, an interactive one never queues behind them.
   * Default 32.
   */
  readonly interactiveSocketsPerHost?: number;
  /** The DNS resolver behind the SSRF guard. Default: the system resolver, as Node uses. */
  readonly resolve?: HostResolver;
}

/** Defaults of the optional {@link GotWebhookTransportOptions}. */
export const TRANSPORT_DEFAULTS = {
  userAgent: 'webhooks/0.1',
  maxResponseBytes: 64 * 1024,
  connectTimeoutMs: 5_000,
  maxSocketsPerHost: 10,
  interactiveSocketsPerHost: 32,
} as const;
