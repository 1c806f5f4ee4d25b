import { describe, expect, it } from '@jest/globals';
import type { SuppressionReason, WebhookEvent } from '../model/event.js';
import type { Subscription } from '../model/subscription.js';
import { planDeliveries } from './plan-deliveries.js';

const NOW = new Date('2024-05-01T12:00:00Z');
const EVENT: WebhookEvent = {
  id: 'msg_1',
  projectId: 'prj_1',
  activityId: 'act_1',
  key: 'user_registered',
  occurredAt: NOW,
  payload: {},
  suppressed: null,
};
const subscription = (id: string, extra: Partial<Subscription> = {}): Subscription => ({
  id,
  projectId: 'prj_1',
  eventKey: 'user_registered',
  url: `https://example.com/${id}`,
  description: null,
  enabled: true,
  disabledReason: null,
  failingSince: null,
  timeoutMs: 15_000,
  failurePolicy: 'open',
  secrets: [],
  createdAt: NOW,
  updatedAt: NOW,
  ...extra,
});
const counter = () => {
  let n = 0;
  return () => `dlv_${++n}`;
};
const ctx = (hasApiAdmin = true) => ({ hasApiAdmin, now: NOW, nextId: counter() });

describe('planDeliveries', () => {
  describe('when the event may be sent', () => {
    it('should make one pending delivery per subscription of its key, due now, in the given order', () => {
      const deliveries = planDeliveries(EVENT, [subscription('wh_b'), subscription('wh_other', { eventKey: 'login_success' }), subscription('wh_a')], ctx());
      expect(deliveries).toEqual([
        {
          id: 'dlv_1',
          projectId: 'prj_1',
          eventId: 'msg_1',
          subscriptionId: 'wh_b',
          eventKey: 'user_registered',
          status: 'pending',
          attemptCount: 0,
          nextAttemptAt: NOW,
          suppressedReason: null,
          lastError: null,
          resentAt: null,
          createdAt: NOW,
          updatedAt: NOW,
        },
        expect.objectContaining({ id: 'dlv_2', subscriptionId: 'wh_a', status: 'pending' }),
      ]);
    });

    it('should make nothing when no subscription serves the key', () => {
      expect(planDeliveries(EVENT, [subscription('wh_x', { eventKey: 'form_submit_42' })], ctx())).toEqual([]);
    });
  });

  describe('when a delivery must not be sent', () => {
    it.each<[string, WebhookEvent, Subscription, boolean, SuppressionReason]>([
      ['the event is suppressed', { ...EVENT, suppressed: 'api_origin' }, subscription('wh_1', { enabled: false }), false, 'api_origin'],
      ['the subscription is disabled', EVENT, subscription('wh_1', { enabled: false }), false, 'subscription_disabled'],
      ['the project has no API admin', EVENT, subscription('wh_1'), false, 'no_api_admin'],
    ])('should suppress it, with nothing due, when %s', (_case, event, sub, hasApiAdmin, reason) => {
      expect(planDeliveries(event, [sub], ctx(hasApiAdmin))).toEqual([
        expect.objectContaining({ status: 'suppressed', suppressedReason: reason, nextAttemptAt: null, attemptCount: 0 }),
      ]);
    });
  });

  describe('when a subscription belongs to another project', () => {
    it('should throw, since sending one tenant\'s event to another is a bug', () => {
      expect(() => planDeliveries(EVENT, [subscription('wh_1', { projectId: 'prj_2' })], ctx())).toThrow('not of project prj_1');
    });
  });
});
