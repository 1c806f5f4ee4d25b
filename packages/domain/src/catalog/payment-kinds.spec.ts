import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { findEventType } from './event-catalog.js';
import { PAYMENT_KINDS, PAYMENT_KIND_EVENTS, isPaymentKind } from './payment-kinds.js';

describe('PAYMENT_KINDS', () => {
  it('should be the closed list of the seed, each firing a catalog event or payment_event alone', () => {
    expect(PAYMENT_KINDS).toEqual(['issued', 'approved', 'pending', 'failed', 'refunded', 'cancelled']);
    for (const kind of PAYMENT_KINDS) {
      const fires = PAYMENT_KIND_EVENTS[kind];
      if (fires !== null) expect(findEventType(fires)?.payload).toEqual(findEventType('payment_event')?.payload);
    }
  });
});

describe('isPaymentKind', () => {
  it('should accept exactly the listed kinds (not inherited names, not other cases)', () => {
    for (const kind of PAYMENT_KINDS) expect(isPaymentKind(kind)).toBe(true);
    for (const other of ['constructor', '__proto__', 'toString', 'Issued', 'refund', '', 7, null]) expect(isPaymentKind(other)).toBe(false);
    fc.assert(fc.property(fc.string(), (kind) => expect(isPaymentKind(kind)).toBe((PAYMENT_KINDS as readonly string[]).includes(kind))));
  });
});
