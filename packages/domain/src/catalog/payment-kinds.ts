/**
 * The payment kinds the platform reports, a closed list, each with the event it fires besides
 * `payment_event` (null: `payment_event` alone). From the seed: a payment is *issued* (made by an
 * applicant or processed by an admin → `payment_issued`), *refunded* by an admin
 * (→ `payment_refunded`, partial refunds included), and marked *approved*, *pending* or *failed*;
 * *cancelled* is a payment withdrawn before it settled (a voided card payment, a cancelled
 * cheque). Adding a kind is adding a row.
 */
export const PAYMENT_KIND_EVENTS = {
  issued: 'payment_issued',
  approved: null,
  pending: null,
  failed: null,
  refunded: 'payment_refunded',
  cancelled: null,
} as const satisfies Readonly<Record<string, string | null>>;

/** A payment kind of the closed list. */
export type PaymentKind = keyof typeof PAYMENT_KIND_EVENTS;

/** Every payment kind, in the order above. */
export const PAYMENT_KINDS = Object.keys(PAYMENT_KIND_EVENTS) as readonly PaymentKind[] as readonly [PaymentKind, ...PaymentKind[]];

/** True for a kind of the list. */
export function isPaymentKind(kind: unknown): kind is PaymentKind {
  return typeof kind === 'string' && Object.hasOwn(PAYMENT_KIND_EVENTS, kind);
}
