import { describe, expect, it } from '@jest/globals';
import { isFiltered, logFilter, searchTarget } from './log-filter.js';
import { ALL_DELIVERIES } from './route.js';

describe('searchTarget', () => {
  it('should read a delivery id, a webhook-id, and anything else as an applicant', () => {
    expect(searchTarget('  ')).toEqual({ kind: 'none' });
    expect(searchTarget(' dlv_01J ')).toEqual({ kind: 'delivery', id: 'dlv_01J' });
    expect(searchTarget('msg_42')).toEqual({ kind: 'event', eventId: 'msg_42' });
    expect(searchTarget('ada@example.com')).toEqual({ kind: 'applicant', applicant: 'ada@example.com' });
    expect(searchTarget('42')).toEqual({ kind: 'applicant', applicant: '42' });
  });
});

describe('logFilter', () => {
  it('should send only the filters given, times as UTC ISO', () => {
    expect(logFilter(ALL_DELIVERIES)).toEqual({});
    expect(logFilter({ ...ALL_DELIVERIES, webhookId: 'wh_1', from: '2026-12-01T10:00:00+01:00', responseClass: '4xx', search: 'msg_7' })).toEqual({
      webhookId: 'wh_1',
      from: '2026-12-01T09:00:00.000Z',
      responseClass: '4xx',
      eventId: 'msg_7',
    });
    expect(logFilter({ ...ALL_DELIVERIES, search: 'u-ada', status: 'failed' })).toEqual({ applicant: 'u-ada', status: 'failed' });
    expect(logFilter({ ...ALL_DELIVERIES, search: 'dlv_9' })).toEqual({});
    expect(logFilter({ ...ALL_DELIVERIES, resentAt: '2026-12-03T20:00:00.5+01:00' })).toEqual({ resentAt: '2026-12-03T19:00:00.500Z' });
  });
});

describe('isFiltered', () => {
  it('should be false for the whole log only', () => {
    expect(isFiltered(ALL_DELIVERIES)).toBe(false);
    expect(isFiltered({ ...ALL_DELIVERIES, to: '2026-12-01T10:00:00.000Z' })).toBe(true);
  });
});
