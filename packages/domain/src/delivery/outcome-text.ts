import type { DeliveryOutcome } from '../ports/delivery-queue.port.js';
import { textProblem } from '../text/storable-text.js';

/** True when every free text of `outcome` — the response excerpt, the error message, the last error — can be stored as it is. */
export function hasStorableText(outcome: DeliveryOutcome): boolean {
  const texts = [outcome.attempt?.responseBody, outcome.attempt?.errorMessage, outcome.lastError];
  return texts.every((text) => text === null || text === undefined || textProblem(text) === null);
}

/**
 * `outcome` with its free text left out (no response excerpt, no error message, no last error):
 * what a queue records when the text cannot be stored, so the attempt and the delivery's new
 * state are kept all the same and the delivery is never sent again for want of a record.
 */
export function withoutText(outcome: DeliveryOutcome): DeliveryOutcome {
  return {
    ...outcome,
    attempt: outcome.attempt === null ? null : { ...outcome.attempt, responseBody: null, errorMessage: null },
    lastError: null,
  };
}
