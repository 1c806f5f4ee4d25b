import type { Attempt, ErrorClass } from '../model/delivery.js';
import type { TransportResult } from '../ports/webhook-transport.port.js';

/** Longest response excerpt kept in an attempt record. */
export const RESPONSE_EXCERPT_CHARS = 4096;

/** The attempt record of one send: status, duration and a capped response excerpt come from `result`. */
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
}): Attempt {
  const { result, ...rest } = input;
  return {
    ...rest,
    durationMs: result.durationMs,
    statusCode: result.kind === 'response' ? result.status : null,
    responseBody: result.kind === 'response' ? result.body.slice(0, RESPONSE_EXCERPT_CHARS) : null,
  };
}
