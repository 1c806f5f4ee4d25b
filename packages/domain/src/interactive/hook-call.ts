import type { FailurePolicy } from '../model/subscription.js';
import type { SubscriberAnswer } from './subscriber-answer.js';

/** One interactive subscriber's call: what it answered, or why it failed, and its failure policy. */
export type HookCall = {
  readonly webhookId: string;
  readonly failurePolicy: FailurePolicy;
  readonly outcome:
    | { readonly kind: 'answered'; readonly answer: SubscriberAnswer }
    | { readonly kind: 'failed'; readonly reason: string };
};
