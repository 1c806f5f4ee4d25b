import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import type { SuppressionReason } from '../model/event.js';
import type { ResendCase } from './resend-refusal.js';
import { resendRefusal } from './resend-refusal.js';

const NOTIFY_KEYS = ['user_registered', 'login_success', 'form_submitted', 'form_viewed_7', 'status_update', 'payment_event', 'child_complete'];
const INTERACTIVE_KEYS = ['form_submit_7', 'form_load_x', 'form_preprocess', 'form_preprocess_42'];
const FORBIDDING: readonly SuppressionReason[] = ['api_origin', 'remember_me', 'family_only', 'no_subscription'];
const ALLOWING: readonly (SuppressionReason | null)[] = [null, 'no_api_admin', 'subscription_disabled'];

const enabled = { enabled: true, disabledReason: null };
const aCase = (over: { key?: string; suppressed?: SuppressionReason | null; event?: SuppressionReason | null; subscription?: ResendCase['subscription'] } = {}): ResendCase => ({
  delivery: { eventKey: over.key ?? 'user_registered', suppressedReason: over.suppressed ?? null },
  eventSuppressed: over.event ?? null,
  subscription: over.subscription === undefined ? enabled : over.subscription,
});

const subscriptionArb = fc.oneof(
  fc.constant(null),
  fc.record({ enabled: fc.boolean(), disabledReason: fc.option(fc.constantFrom('gone', 'failing'), { nil: null }) }),
);

describe('resendRefusal', () => {
  describe('when the delivery is a record of an interactive call', () => {
    it('should refuse it as interactive_call, whatever else is true', () => {
      fc.assert(
        fc.property(
          fc.constantFrom(...INTERACTIVE_KEYS),
          fc.constantFrom(...FORBIDDING, ...ALLOWING),
          fc.constantFrom(...FORBIDDING, ...ALLOWING),
          subscriptionArb,
          (key, suppressed, event, subscription) => {
            expect(resendRefusal(aCase({ key, suppressed, event, subscription }))?.reason).toBe('interactive_call');
          },
        ),
      );
    });
  });

  describe('when the rules suppressed it (API origin, remember me, family only)', () => {
    it('should refuse it naming that reason, on the delivery or on its event, whatever the webhook', () => {
      fc.assert(
        fc.property(fc.constantFrom(...NOTIFY_KEYS), fc.constantFrom(...FORBIDDING), fc.boolean(), subscriptionArb, (key, reason, onEvent, subscription) => {
          const refusal = resendRefusal(aCase({ key, subscription, ...(onEvent ? { event: reason } : { suppressed: reason }) }));
          expect(refusal?.reason).toBe(reason);
          expect(refusal?.message).toMatch(/cannot be resent/);
        }),
      );
    });

    it('should say why in words', () => {
      expect(resendRefusal(aCase({ suppressed: 'api_origin' }))?.message).toMatch(/came from the API/);
      expect(resendRefusal(aCase({ key: 'login_success', event: 'remember_me' }))?.message).toMatch(/remember me/);
    });
  });

  describe('when its webhook is gone or off', () => {
    it('should refuse a deleted webhook\'s delivery, saying to create a new webhook', () => {
      const refusal = resendRefusal(aCase({ subscription: null }));
      expect(refusal).toEqual({ reason: 'webhook_deleted', message: expect.stringMatching(/create a new webhook for user_registered/) });
    });

    it('should refuse a disabled webhook\'s delivery, saying to enable it again', () => {
      const refusal = resendRefusal(aCase({ subscription: { enabled: false, disabledReason: 'gone' } }));
      expect(refusal).toEqual({ reason: 'webhook_disabled', message: expect.stringMatching(/webhook is disabled \(gone\): enable it again/) });
    });
  });

  describe('when nothing forbids it', () => {
    it('should allow it: held for want of an API admin, suppressed by a webhook since enabled, failed or succeeded', () => {
      fc.assert(
        fc.property(fc.constantFrom(...NOTIFY_KEYS), fc.constantFrom(...ALLOWING), fc.constantFrom(...ALLOWING), (key, suppressed, event) => {
          expect(resendRefusal(aCase({ key, suppressed, event }))).toBeNull();
        }),
      );
    });
  });
});
