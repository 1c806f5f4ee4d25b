import { NOTIFY_TIMEOUT_MS, signatureHeaders } from '@webhooks/domain';
import type { LiveEvent, WebhookTransport } from '@webhooks/domain';

/** What one forward printed: the line, and whether the local receiver answered 2xx. */
export interface Forwarded {
  readonly line: string;
  readonly ok: boolean;
}

/**
 * Sends each event to the local URL as a webhook of it is sent: the same body, the Standard
 * Webhooks headers (`webhook-id` the event id, `webhook-timestamp` now, `webhook-signature` over
 * them with the session's secret) and the transport's own `content-type` and `user-agent`. One try
 * per event, no retries: the developer sees the answer and fixes the receiver.
 */
export class Forwarder {
  constructor(
    private readonly options: {
      readonly url: string;
      readonly secret: string;
      readonly transport: WebhookTransport;
      readonly now: () => Date;
    },
  ) {}

  /** Forwards `event`; answers the line to print: time, key, id, and the status (or the failure) with its duration. */
  async forward(event: LiveEvent): Promise<Forwarded> {
    const at = this.options.now();
    const headers = signatureHeaders({ msgId: event.id, timestamp: at, body: event.body, secrets: [{ secret: this.options.secret, createdAt: at, expiresAt: null }] });
    const result = await this.options.transport.send({ url: this.options.url, headers, body: event.body, timeoutMs: NOTIFY_TIMEOUT_MS.default });
    const outcome = result.kind === 'response' ? `${result.status}` : `failed (${result.error}: ${result.message})`;
    const ok = result.kind === 'response' && result.status >= 200 && result.status < 300;
    return { line: `${at.toISOString()}  ${event.key}  ${event.id}  → ${outcome} in ${result.durationMs} ms`, ok };
  }
}
