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
  /** Pooled keep-alive sockets per host (and per agent: http, https). Default 10. */
  readonly maxSocketsPerHost?: number;
  /** The DNS resolver behind the SSRF guard. Default: the system resolver, as Node uses. */
  readonly resolve?: HostResolver;
}

/** Defaults of the optional {@link GotWebhookTransportOptions}. */
export const TRANSPORT_DEFAULTS = {
  userAgent: 'webhooks/0.1',
  maxResponseBytes: 64 * 1024,
  connectTimeoutMs: 5_000,
  maxSocketsPerHost: 10,
} as const;
