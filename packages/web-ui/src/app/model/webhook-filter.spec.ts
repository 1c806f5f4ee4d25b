import { describe, expect, it } from '@jest/globals';
import type { Webhook } from '../api/api-types.js';
import { filterWebhooks } from './webhook-filter.js';

const hook = (id: string, over: Partial<Webhook> = {}): Webhook => ({
  id,
  event: 'user_registered',
  url: `https://example.com/${id}`,
  description: null,
  enabled: true,
  disabledReason: null,
  failingSince: null,
  timeoutMs: 10_000,
  failurePolicy: 'open',
  createdAt: '2026-12-01T00:00:00.000Z',
  updatedAt: '2026-12-01T00:00:00.000Z',
  ...over,
});

describe('filterWebhooks', () => {
  const list = [
    hook('wh_a', { description: 'CRM Sync' }),
    hook('wh_b', { event: 'payment_issued', enabled: false }),
    hook('wh_c', { failingSince: '2026-12-02T00:00:00.000Z' }),
    hook('wh_d', { enabled: false, disabledReason: 'gone' }),
  ];
  const ids = (search: string, state: Parameters<typeof filterWebhooks>[1]['state']) => filterWebhooks(list, { search, state }).map((w) => w.id);

  it('should match the event, URL, description or id in any case', () => {
    expect(ids('crm', '')).toEqual(['wh_a']);
    expect(ids('PAYMENT', '')).toEqual(['wh_b']);
    expect(ids('example.com/wh_c', '')).toEqual(['wh_c']);
    expect(ids('wh_d', '')).toEqual(['wh_d']);
    expect(ids('  ', '')).toEqual(['wh_a', 'wh_b', 'wh_c', 'wh_d']);
  });

  it('should keep the state asked for: failing is failing now or disabled by the service', () => {
    expect(ids('', 'enabled')).toEqual(['wh_a', 'wh_c']);
    expect(ids('', 'disabled')).toEqual(['wh_b', 'wh_d']);
    expect(ids('', 'failing')).toEqual(['wh_c', 'wh_d']);
  });
});
