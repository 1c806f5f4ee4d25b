import type { Webhook } from '../api/api-types.js';

/** Which webhooks the list shows by state: `failing` is enabled but failing, or disabled by the service. */
export type WebhookState = '' | 'enabled' | 'disabled' | 'failing';

/** The list's filters: text (event, URL, description or id, any case) and state. */
export interface WebhookFilter {
  readonly search: string;
  readonly state: WebhookState;
}

/** The webhooks matching the filter, in the list's order. */
export function filterWebhooks(webhooks: readonly Webhook[], filter: WebhookFilter): Webhook[] {
  const text = filter.search.trim().toLowerCase();
  return webhooks.filter(
    (w) => (text === '' || [w.event, w.url, w.description ?? '', w.id].some((value) => value.toLowerCase().includes(text))) && matchesState(w, filter.state),
  );
}

function matchesState(w: Webhook, state: WebhookState): boolean {
  switch (state) {
    case '':
      return true;
    case 'enabled':
      return w.enabled;
    case 'disabled':
      return !w.enabled;
    case 'failing':
      return w.failingSince !== null || (!w.enabled && w.disabledReason !== null);
  }
}
