import type { Decision } from '../model/decision.js';

/** The plain "go on" decision: proceed, no message, no patch (no subscriber, or an `api` origin). */
export function proceedDecision(): Decision {
  return { proceed: true, messages: [], patch: {}, failures: [], conflicts: [] };
}
