import { describe, expect, it } from '@jest/globals';
import type { Route } from './route.js';
import { ALL_DELIVERIES, parseRoute, routeHref } from './route.js';

describe('parseRoute', () => {
  it('should read each view and come back to the same hash', () => {
    const routes: Route[] = [
      { view: 'webhooks' },
      { view: 'new-webhook' },
      { view: 'edit-webhook', id: 'wh_1' },
      { view: 'delivery', id: 'dlv_9' },
      { view: 'deliveries', query: ALL_DELIVERIES },
      { view: 'deliveries', query: { ...ALL_DELIVERIES, webhookId: 'wh_1', event: 'form_submit_a', status: 'failed' } },
      {
        view: 'deliveries',
        query: { ...ALL_DELIVERIES, from: '2026-12-01T10:00:00.000Z', to: '2026-12-02T10:00:00.000Z', responseClass: '5xx', search: 'ada@example.com' },
      },
      { view: 'deliveries', query: { ...ALL_DELIVERIES, resentAt: '2026-12-03T19:00:00.123Z' } },
    ];
    for (const route of routes) expect(parseRoute(routeHref(route))).toEqual(route);
  });
  it('should take an unknown or empty hash as the webhooks list', () => {
    expect(parseRoute('')).toEqual({ view: 'webhooks' });
    expect(parseRoute('#/nowhere')).toEqual({ view: 'webhooks' });
  });
  it('should read an address that cannot be decoded as the not-found view, without throwing', () => {
    for (const hash of ['#/deliveries/%E0', '#/webhooks/%/edit', '#/deliveries/%C0%AF', '#/%']) {
      expect(parseRoute(hash)).toEqual({ view: 'not-found', address: hash });
    }
    expect(routeHref({ view: 'not-found', address: '#/deliveries/%E0' })).toBe('#/deliveries/%E0');
  });
  it('should drop an unknown status or response class, and a time that is not one', () => {
    expect(parseRoute('#/deliveries?status=lost&responseClass=6xx&from=yesterday&to=&resentAt=later')).toEqual({ view: 'deliveries', query: ALL_DELIVERIES });
  });
});
