import type { DeliveryFilter } from '../api/api-client.js';
import type { DeliveriesQuery } from './route.js';

/** What the search box of the log was given: a delivery id opens it; a `webhook-id` or an applicant filters. */
export type SearchTarget =
  | { readonly kind: 'none' }
  | { readonly kind: 'delivery'; readonly id: string }
  | { readonly kind: 'event'; readonly eventId: string }
  | { readonly kind: 'applicant'; readonly applicant: string };

/** Reads the search text: `dlv_…` is a delivery id, `msg_…` the `webhook-id` a receiver saw, anything else an applicant's id or username. */
export function searchTarget(search: string): SearchTarget {
  const text = search.trim();
  if (text === '') return { kind: 'none' };
  if (/^dlv_\S+$/.test(text)) return { kind: 'delivery', id: text };
  if (/^msg_\S+$/.test(text)) return { kind: 'event', eventId: text };
  return { kind: 'applicant', applicant: text };
}

/** The API's filter for the log's address (a delivery id is opened, not filtered on). */
export function logFilter(query: DeliveriesQuery): DeliveryFilter {
  const target = searchTarget(query.search);
  return {
    ...(query.webhookId === '' ? {} : { webhookId: query.webhookId }),
    ...(query.event === '' ? {} : { event: query.event }),
    ...(query.status === '' ? {} : { status: query.status }),
    ...(query.from === '' ? {} : { from: new Date(query.from).toISOString() }),
    ...(query.to === '' ? {} : { to: new Date(query.to).toISOString() }),
    ...(query.responseClass === '' ? {} : { responseClass: query.responseClass }),
    ...(target.kind === 'event' ? { eventId: target.eventId } : {}),
    ...(target.kind === 'applicant' ? { applicant: target.applicant } : {}),
    ...(query.resentAt === '' ? {} : { resentAt: new Date(query.resentAt).toISOString() }),
  };
}

/** True when any filter narrows the log: an empty answer is then the filters', not an empty log. */
export function isFiltered(query: DeliveriesQuery): boolean {
  return Object.values(query).some((value) => value !== '');
}
