import type { EventType, FailurePolicy, Webhook, WebhookInput } from '../api/api-types.js';
import { concreteEvent, readEvent } from './event-choice.js';

/** The add/edit form's fields, as typed. */
export interface WebhookDraft {
  readonly typeKey: string;
  readonly formId: string;
  readonly url: string;
  readonly description: string;
  readonly enabled: boolean;
  readonly timeoutMs: string;
  readonly failurePolicy: FailurePolicy;
}

/** A new webhook's fields. */
export const EMPTY_DRAFT: WebhookDraft = { typeKey: '', formId: '', url: '', description: '', enabled: true, timeoutMs: '', failurePolicy: 'open' };

/** An existing webhook's fields, its event read back against the catalog. */
export function draftOf(webhook: Webhook, catalog: readonly EventType[]): WebhookDraft {
  const choice = readEvent(webhook.event, catalog);
  return {
    ...choice,
    url: webhook.url,
    description: webhook.description ?? '',
    enabled: webhook.enabled,
    timeoutMs: String(webhook.timeoutMs),
    failurePolicy: webhook.failurePolicy,
  };
}

/**
 * The body to send. Nothing is checked here: the API is the one judge, and its messages are
 * shown beside the fields. A blank timeout is left to the API's default; a timeout that is not
 * a number is sent as typed so that the API names the problem. The failure policy is sent for
 * interactive events only.
 */
export function inputOf(draft: WebhookDraft, mode: EventType['mode'] | undefined): WebhookInput {
  const timeout = draft.timeoutMs.trim();
  const description = draft.description.trim();
  return {
    event: concreteEvent(draft),
    url: draft.url.trim(),
    description: description === '' ? null : description,
    enabled: draft.enabled,
    ...(timeout === '' ? {} : { timeoutMs: /^\d+$/.test(timeout) ? Number(timeout) : (timeout as unknown as number) }),
    ...(mode === 'interactive' ? { failurePolicy: draft.failurePolicy } : {}),
  };
}
