import type { DeliveryStatus } from '../api/api-types.js';
import { DELIVERY_STATUSES } from '../api/api-types.js';

/** The filters of the deliveries view, as kept in its address. */
export interface DeliveriesQuery {
  readonly webhookId: string;
  readonly event: string;
  readonly status: DeliveryStatus | '';
}

/** The page's views, one per address (`#/webhooks`, `#/deliveries?status=failed`, …). */
export type Route =
  | { readonly view: 'webhooks' }
  | { readonly view: 'new-webhook' }
  | { readonly view: 'edit-webhook'; readonly id: string }
  | { readonly view: 'deliveries'; readonly query: DeliveriesQuery }
  | { readonly view: 'delivery'; readonly id: string };

/** Reads the hash of the address into a route; anything unknown is the webhooks list. */
export function parseRoute(hash: string): Route {
  const [path = '', search = ''] = hash.replace(/^#/, '').split('?', 2);
  const parts = path.split('/').filter((part) => part !== '').map(decodeURIComponent);
  const params = new URLSearchParams(search);
  if (parts[0] === 'webhooks' && parts[1] === 'new') return { view: 'new-webhook' };
  if (parts[0] === 'webhooks' && parts[1] !== undefined && parts[2] === 'edit') return { view: 'edit-webhook', id: parts[1] };
  if (parts[0] === 'deliveries' && parts[1] !== undefined) return { view: 'delivery', id: parts[1] };
  if (parts[0] === 'deliveries') {
    const status = params.get('status') ?? '';
    return {
      view: 'deliveries',
      query: {
        webhookId: params.get('webhookId') ?? '',
        event: params.get('event') ?? '',
        status: DELIVERY_STATUSES.find((s) => s === status) ?? '',
      },
    };
  }
  return { view: 'webhooks' };
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
    case 'deliveries': {
      const params = new URLSearchParams();
      const { webhookId, event, status } = route.query;
      for (const [key, value] of [['webhookId', webhookId], ['event', event], ['status', status]] as const) if (value !== '') params.set(key, value);
      const search = params.toString();
      return search === '' ? '#/deliveries' : `#/deliveries?${search}`;
    }
  }
}

/** The deliveries view with no filter. */
export const ALL_DELIVERIES: DeliveriesQuery = { webhookId: '', event: '', status: '' };
