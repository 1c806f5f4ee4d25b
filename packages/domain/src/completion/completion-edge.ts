import type { CompletionEvent } from '../model/completion-event.js';
import type { Form } from '../model/form.js';
import type { Assignment, UserState } from '../model/user-state.js';
import { isComplete } from './is-complete.js';

/**
 * A user's (or child's) state with new assignments, and the completion event of the change:
 * one `user_complete` (applicant, parent) or `child_complete` (child) on the rising edge of
 * {@link isComplete}, none otherwise. The new verdict is stored in `complete`, so a falling edge
 * (forms assigned, a form un-completed) re-arms it and the next rising edge fires again.
 *
 * The verdict before is `before.complete` unless it no longer holds for the assignments as they
 * stand (forms assigned on account or child creation, a form declared or made mandatory since):
 * that falling edge happened outside an evaluation and is counted here, so the next completion
 * still fires.
 */
export function completionEdge(
  before: UserState,
  assignments: readonly Assignment[],
  forms: readonly Form[],
): { readonly state: UserState; readonly events: readonly CompletionEvent[] } {
  const wasComplete = before.complete && isComplete(before, forms);
  const next: UserState = { ...before, assignments };
  const nowComplete = isComplete(next, forms);
  const events: CompletionEvent[] =
    !wasComplete && nowComplete ? [{ key: before.role === 'child' ? 'child_complete' : 'user_complete', userId: before.userId }] : [];
  return { state: { ...next, complete: nowComplete }, events };
}
