import type { ErrorClass } from '../model/delivery.js';
import type { TransportResult } from '../ports/webhook-transport.port.js';

/** What an attempt's result means for the delivery. */
export type ResultClass =
  | { readonly kind: 'success' }
  | { readonly kind: 'gone'; readonly message: string }
  | {
      readonly kind: 'retry';
      readonly errorClass: ErrorClass;
      readonly message: string;
      /** The receiver's `Retry-After` header, as sent. */
      readonly retryAfter: string | undefined;
    };

/**
 * Classifies one attempt: any 2xx is a success; 410 Gone means the subscriber is gone; a 3xx is a
 * `redirect` (redirects are never followed); any other status (429, 4xx, 5xx) is `http_status`,
 * its `Retry-After` passed on; a transport error is retried with its own kind as the class.
 */
export function classifyResult(result: TransportResult): ResultClass {
  if (result.kind === 'error') {
    return { kind: 'retry', errorClass: result.error, message: result.message, retryAfter: undefined };
  }
  const { status } = result;
  if (status >= 200 && status <= 299) return { kind: 'success' };
  if (status === 410) return { kind: 'gone', message: 'HTTP 410 Gone: the subscription was disabled' };
  const retryAfter = result.headers['retry-after'];
  if (status >= 300 && status <= 399) {
    return { kind: 'retry', errorClass: 'redirect', message: `HTTP ${status}: redirects are not followed`, retryAfter };
  }
  return { kind: 'retry', errorClass: 'http_status', message: `HTTP ${status}`, retryAfter };
}
