import type { DeliveryStatus, ResponseClass } from '../api/api-types.js';
import { DELIVERY_STATUSES, RESPONSE_CLASSES } from '../api/api-types.js';

/** The filters of the deliveries view, as kept in its address ('' where not applied). */
export interface DeliveriesQuery {
  readonly webhookId: string;
  readonly event: string;
  readonly status: DeliveryStatus | '';
  /** Created at or after (ISO 8601). */
  readonly from: string;
  /** Created before (ISO 8601). */
  readonly to: string;
  readonly responseClass: ResponseClass | '';
  /** A delivery id, a `webhook-id` (`msg_…`) or an applicant (`model/log-filter.ts`). */
  readonly search: string;
  /** The deliveries the bulk resend of this time (ISO 8601) started again. */
  readonly resentAt: string;
}

/** The address parameters of {@link DeliveriesQuery}, in the order the address lists them. */
const QUERY_KEYS = ['webhookId', 'event', 'status', 'from', 'to', 'responseClass', 'search', 'resentAt'] as const;

/** The page's views, one per address (`#/webhooks`, `#/deliveries?status=failed`, …). */
export type Route =
  | { readonly view: 'webhooks' }
  | { readonly view: 'new-webhook' }
  | { readonly view: 'edit-webhook'; readonly id: string }
  | { readonly view: 'deliveries'; readonly query: DeliveriesQuery }
  | { readonly view: 'delivery'; readonly id: string }
  /** An address that cannot be read (a malformed percent-encoding such as `#/deliveries/%E0`). */
  | { readonly view: 'not-found'; readonly address: string };

/**
 * Reads the hash of the address into a route; anything unknown is the webhooks list, and an
 * address that cannot be decoded is the not-found view (never an exception: the page must render).
 */
export function parseRoute(hash: string): Route {
  const [path = '', search = ''] = hash.replace(/^#/, '').split('?', 2);
  const parts = decodedParts(path);
  if (parts === null) return { view: 'not-found', address: hash };
  const params = new URLSearchParams(search);
  if (parts[0] === 'webhooks' && parts[1] === 'new') return { view: 'new-webhook' };
  if (parts[0] === 'webhooks' && parts[1] !== undefined && parts[2] === 'edit') return { view: 'edit-webhook', id: parts[1] };
  if (parts[0] === 'deliveries' && parts[1] !== undefined) return { view: 'delivery', id: parts[1] };
  if (parts[0] === 'deliveries') {
    const status = params.get('status') ?? '';
    const responseClass = params.get('responseClass') ?? '';
    const time = (key: string) => {
      const value = params.get(key) ?? '';
      return Number.isNaN(Date.parse(value)) ? '' : value;
    };
    return {
      view: 'deliveries',
      query: {
        webhookId: params.get('webhookId') ?? '',
        event: params.get('event') ?? '',
        status: DELIVERY_STATUSES.find((s) => s === status) ?? '',
        from: time('from'),
        to: time('to'),
        responseClass: RESPONSE_CLASSES.find((c) => c === responseClass) ?? '',
        search: (params.get('search') ?? '').trim(),
        resentAt: time('resentAt'),
      },
    };
  }
  return { view: 'webhooks' };
}

/** The path's parts, percent-decoded; null when one is not valid UTF-8 percent-encoding. */
function decodedParts(path: string): string[] | null {
  try {
    return path.split('/').filter((part) => part !== '').map(decodeURIComponent);
  } catch {
    return null;
  }
}

/** The hash of a route, for links. */
export function routeHref(route: Route): string {
  switch (route.view) {
    case 'webhooks':
      return '#/webhooks';
    case 'new-webhook':
      return '#/webhooks/new';
    case 'edit-webhook':
      return `#/webhooks/${encodeURIComponent(route.id)}/edit`;
    case 'delivery':
      return `#/deliveries/${encodeURIComponent(route.id)}`;
    case 'not-found':
      return route.address;
    case 'deliveries': {
      const params = new URLSearchParams();
      for (const key of QUERY_KEYS) if (route.query[key] !== '') params.set(key, route.query[key]);
      const search = params.toString();
      return search === '' ? '#/deliveries' : `#/deliveries?${search}`;
    }
  }
}

/** The deliveries view with no filter. */
export const ALL_DELIVERIES: DeliveriesQuery = { webhookId: '', event: '', status: '', from: '', to: '', responseClass: '', search: '', resentAt: '' };
