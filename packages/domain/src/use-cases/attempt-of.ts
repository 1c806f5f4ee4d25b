import type { Attempt, ErrorClass } from '../model/delivery.js';
import type { OutboundRequest, TransportResult } from '../ports/webhook-transport.port.js';
import { excerpt, storableText } from '../text/storable-text.js';

/** Longest response excerpt kept in an attempt record. */
const RESPONSE_EXCERPT_CHARS = 4096;

/**
 * The attempt record of one send: status, duration and a capped response excerpt come from
 * `result`. Whatever a receiver answered, the record is storable text: the excerpt is cut on a
 * character boundary, and NUL and lone surrogates (in the excerpt and the error message) become
 * U+FFFD. With `request`, the record keeps it as sent (URL, body, and the headers the transport says
 * it sent, else those given) and the response's headers: the evidence an admin reads.
 */
export function attemptOf(input: {
  readonly id: string;
  readonly deliveryId: string;
  readonly projectId: string;
  readonly subscriptionId: string;
  readonly attemptedAt: Date;
  readonly result: TransportResult;
  readonly errorClass: ErrorClass | null;
  readonly errorMessage: string | null;
  readonly succeeded: boolean;
  readonly request?: OutboundRequest;
}): Attempt {
  const { result, errorMessage, request, ...rest } = input;
  return {
    ...rest,
    ...(request === undefined
      ? {}
      : {
          request: { url: request.url, headers: { ...(result.sentHeaders ?? request.headers) }, body: request.body },
          responseHeaders: result.kind === 'response' ? { ...result.headers } : null,
        }),
    errorMessage: errorMessage === null ? null : storableText(errorMessage),
    durationMs: result.durationMs,
    statusCode: result.kind === 'response' ? result.status : null,
    responseBody: result.kind === 'response' ? excerpt(result.body, RESPONSE_EXCERPT_CHARS) : null,
  };
}
