import type { FormMoment } from '../model/activity.js';
import type { Decision, DecisionConflict, DecisionFailure, DecisionMessage } from '../model/decision.js';
import type { Json } from '../model/json.js';
import type { HookCall } from './hook-call.js';
import type { SubscriberAnswer } from './subscriber-answer.js';

export type { HookCall } from './hook-call.js';
export { proceedDecision } from './proceed-decision.js';

/** The message shown when a subscriber with failure policy `closed` failed. */
export const CLOSED_FAILURE_MESSAGE = 'This form cannot be processed right now. Please try again later.';

/**
 * Combines the calls of one interactive event, given in subscription creation order, into the
 * decision the platform applies:
 * - messages in that order; the first `focusOn` and the first `redirect` win (later ones recorded
 *   as conflicts);
 * - every failure is listed; an `open` one is otherwise ignored, a `closed` one stops the form with
 *   one {@link CLOSED_FAILURE_MESSAGE} however many there are;
 * - an answer of type `error` makes `proceed` false at every moment (at `submission` the form is
 *   saved already: the error is shown, focus and redirect still apply);
 * - **stop and patch never combine**: when the decision stops (an error answer, a closed failure)
 *   every `jdoc` is dropped — the error answer's own, and those of the other webhooks — each
 *   recorded as a conflict; otherwise the patch is the fold of every `jdoc`, a later webhook
 *   winning a field (each overwritten field recorded as a conflict of the later webhook);
 * - `preprocess`: when the form is stopped, `success` messages are dropped (conflicts recorded);
 * - `load`: `jdoc` and `focus_on` are ignored (conflicts recorded).
 */
export function combineDecision(moment: FormMoment, calls: readonly HookCall[]): Decision {
  const messages: (DecisionMessage & { readonly webhookId: string })[] = [];
  const failures: DecisionFailure[] = [];
  const conflicts: DecisionConflict[] = [];
  const jdocs: { readonly webhookId: string; readonly jdoc: Readonly<Record<string, Json>>; readonly isError: boolean }[] = [];
  let focusOn: { readonly field: string; readonly webhookId: string } | undefined;
  let redirect: { readonly url: string; readonly webhookId: string } | undefined;
  // What stopped the decision first, in creation order: an error answer or a closed failure.
  let stoppedBy: string | undefined;
  let closedFailure = false;

  for (const call of calls) {
    const { webhookId, outcome } = call;
    if (outcome.kind === 'failed') {
      failures.push({ webhookId, reason: outcome.reason });
      if (call.failurePolicy === 'closed') {
        closedFailure = true;
        stoppedBy ??= `webhook ${webhookId} failed, policy closed`;
      }
      continue;
    }
    const answer: SubscriberAnswer = outcome.answer;
    const isError = answer.msgType === 'error';
    if (isError) stoppedBy ??= `webhook ${webhookId} answered an error`;
    if (answer.msg !== undefined) messages.push({ text: answer.msg, type: answer.msgType ?? 'information', webhookId });

    const jdoc = answer.jdoc ?? {};
    if (Object.keys(jdoc).length > 0) {
      if (moment === 'load') {
        conflicts.push({ webhookId, reason: 'jdoc is ignored when a form loads' });
      } else {
        jdocs.push({ webhookId, jdoc, isError });
      }
    }

    if (answer.focusOn !== undefined) {
      if (moment === 'load') {
        conflicts.push({ webhookId, field: answer.focusOn, reason: 'focus_on is ignored when a form loads' });
      } else if (focusOn === undefined) {
        focusOn = { field: answer.focusOn, webhookId };
      } else {
        conflicts.push({ webhookId, field: answer.focusOn, reason: `focus_on ignored: webhook ${focusOn.webhookId} set it first` });
      }
    }

    if (answer.redirect !== undefined) {
      if (redirect === undefined) {
        redirect = { url: answer.redirect, webhookId };
      } else {
        conflicts.push({ webhookId, reason: `redirect ignored: webhook ${redirect.webhookId} set it first` });
      }
    }
  }

  const stopped = stoppedBy !== undefined;
  const patch = new Map<string, { readonly value: Json; readonly webhookId: string }>();
  for (const { webhookId, jdoc, isError } of jdocs) {
    if (stopped) {
      const reason = isError ? 'an error answer cannot change the form' : `the decision stops (${stoppedBy})`;
      conflicts.push({ webhookId, reason: `${reason}: its jdoc was dropped` });
      continue;
    }
    for (const [field, value] of Object.entries(jdoc)) {
      const earlier = patch.get(field);
      if (earlier !== undefined) conflicts.push({ webhookId, field, reason: `overrides the value set by webhook ${earlier.webhookId}` });
      patch.set(field, { value, webhookId });
    }
  }

  const shown: DecisionMessage[] = [];
  for (const message of messages) {
    if (moment === 'preprocess' && stopped && message.type === 'success') {
      conflicts.push({ webhookId: message.webhookId, reason: 'success message dropped: the submission was stopped' });
    } else {
      shown.push(message);
    }
  }
  if (closedFailure) shown.push({ text: CLOSED_FAILURE_MESSAGE, type: 'error', webhookId: null });

  return {
    proceed: !stopped,
    messages: shown,
    patch: Object.fromEntries([...patch].map(([field, entry]) => [field, entry.value])),
    ...(focusOn === undefined ? {} : { focusOn: focusOn.field }),
    ...(redirect === undefined ? {} : { redirect: redirect.url }),
    failures,
    conflicts,
  };
}
