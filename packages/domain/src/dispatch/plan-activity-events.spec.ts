import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { eventType } from '../catalog/event-catalog.js';
import type { Activity, Origin, UserRef } from '../model/activity.js';
import type { Project, SystemKind } from '../model/project.js';
import { planActivityEvents } from './plan-activity-events.js';

const project = (system: SystemKind = 'individual'): Project => ({
  id: 'prj_1',
  name: 'Camp',
  system,
  platformKeyHash: 'h',
  createdAt: new Date('2024-01-01T00:00:00Z'),
});
const CTX = { project: project(), firstRegistration: true, groupPageSize: 100 };
const BASE = { id: 'act_1', origin: 'applicant' as Origin, occurredAt: new Date('2024-05-01T00:00:00Z') };
const ANN: UserRef = { id: 'u1', username: 'ann@example.com', firstName: 'Ann' };
const users = (count: number): UserRef[] => Array.from({ length: count }, (_, i) => ({ id: `u${i}`, username: `user${i}` }));

/** One activity of every type, each firing at least one event. */
const EVERY_ACTIVITY: readonly Activity[] = [
  { ...BASE, type: 'registered', user: ANN },
  { ...BASE, type: 'login', user: ANN, via: 'password' },
  { ...BASE, type: 'credentials_changed', user: ANN, changed: ['password'] },
  { ...BASE, type: 'status_changed', users: [ANN], status: { to: 'accepted' } },
  { ...BASE, type: 'tag_changed', users: [ANN], tag: { name: 'vip', action: 'added' } },
  { ...BASE, type: 'payment', user: ANN, kind: 'refunded', payment: { amount: 10 }, cart: { items: [] }, allocations: [] },
  { ...BASE, type: 'order_updated', user: ANN, cart: { items: [] }, change: { action: 'added', product: { sku: 'A' } } },
];

const keysOf = (activity: Activity, ctx = CTX): string[] => planActivityEvents(activity, ctx).map((event) => event.key);

describe('planActivityEvents', () => {
  describe('when the user registers', () => {
    it('should fire user_registered about the user on the first registration', () => {
      expect(planActivityEvents({ ...BASE, type: 'registered', user: ANN }, CTX)).toEqual([
        { key: 'user_registered', userInfo: { id: 'u1', username: 'ann@example.com', first_name: 'Ann' }, extras: {}, suppressed: null },
      ]);
    });

    it('should fire nothing on a later registration', () => {
      expect(keysOf({ ...BASE, type: 'registered', user: ANN }, { ...CTX, firstRegistration: false })).toEqual([]);
    });
  });

  describe('when a child is added', () => {
    it('should fire no webhook of its own', () => {
      expect(keysOf({ ...BASE, type: 'child_added', user: { id: 'c1', username: 'c', role: 'child', parentId: 'u1' } })).toEqual([]);
    });
  });

  describe('when the platform assigns or unassigns a form', () => {
    it.each(['form_assigned', 'form_unassigned'] as const)('should fire no webhook of its own for %s', (type) => {
      expect(keysOf({ ...BASE, type, user: ANN, formId: '42' })).toEqual([]);
    });
  });

  describe('when the user logs in', () => {
    it.each(['password', 'sso'] as const)('should fire login_success when access came by %s', (via) => {
      expect(planActivityEvents({ ...BASE, type: 'login', user: ANN, via }, CTX)).toMatchObject([{ key: 'login_success', suppressed: null }]);
    });

    it('should record login_success as suppressed remember_me when access came through remember me', () => {
      expect(planActivityEvents({ ...BASE, type: 'login', user: ANN, via: 'remember_me' }, CTX)).toMatchObject([
        { key: 'login_success', suppressed: 'remember_me' },
      ]);
    });
  });

  describe('when credentials change', () => {
    it('should fire edit_user_credentials with the username only, never a password the platform sent', () => {
      const user = { ...ANN, password: 'hunter2' } as UserRef;
      const [event] = planActivityEvents({ ...BASE, type: 'credentials_changed', user, changed: ['username', 'password'] }, CTX);
      expect(event).toMatchObject({ key: 'edit_user_credentials', extras: { username: 'ann@example.com' } });
      expect(Object.keys(event?.extras ?? {})).toEqual(['username']);
      expect(JSON.stringify(event)).not.toContain('hunter2');
    });
  });

  describe('when a status or tag changes for a group', () => {
    it('should fire status_update with a user_info array and status_info', () => {
      const events = planActivityEvents({ ...BASE, type: 'status_changed', users: users(2), status: { from: 'new', to: 'accepted' } }, CTX);
      expect(events).toEqual([
        {
          key: 'status_update',
          userInfo: [
            { id: 'u0', username: 'user0' },
            { id: 'u1', username: 'user1' },
          ],
          extras: { status_info: { from: 'new', to: 'accepted' } },
          page: { number: 1, of: 1 },
          suppressed: null,
        },
      ]);
    });

    it('should give status_info a null from when the previous status is unknown', () => {
      const [event] = planActivityEvents({ ...BASE, type: 'status_changed', users: [ANN], status: { to: 'accepted' } }, CTX);
      expect(event?.extras).toEqual({ status_info: { from: null, to: 'accepted' } });
    });

    it('should fire tag_update with a user_info array and tag_info', () => {
      const [event] = planActivityEvents({ ...BASE, type: 'tag_changed', users: [ANN], tag: { name: 'vip', action: 'removed' } }, CTX);
      expect(event).toMatchObject({ key: 'tag_update', extras: { tag_info: { name: 'vip', action: 'removed' } } });
      expect(Array.isArray(event?.userInfo)).toBe(true);
    });

    it('should split any group into pages of at most the page size, in order, each saying which page of how many', () => {
      fc.assert(
        fc.property(fc.integer({ min: 1, max: 60 }), fc.integer({ min: 1, max: 25 }), fc.boolean(), (count, size, status) => {
          const group = users(count);
          const activity: Activity = status
            ? { ...BASE, type: 'status_changed', users: group, status: { to: 'x' } }
            : { ...BASE, type: 'tag_changed', users: group, tag: { name: 't', action: 'added' } };
          const events = planActivityEvents(activity, { ...CTX, groupPageSize: size });
          const of = Math.ceil(count / size);
          expect(events.map((event) => event.page)).toEqual(Array.from({ length: of }, (_, i) => ({ number: i + 1, of })));
          const pages = events.map((event) => event.userInfo as readonly { readonly id: string }[]);
          expect(pages.every((page) => page.length >= 1 && page.length <= size)).toBe(true);
          expect(pages.flat().map((info) => info.id)).toEqual(group.map((user) => user.id));
          expect(new Set(events.map((event) => JSON.stringify(event.extras))).size).toBe(1);
        }),
      );
    });

    it("should give each applicant's previous status in its user_info, when the platform said", () => {
      const [event] = planActivityEvents(
        { ...BASE, type: 'status_changed', users: [{ ...ANN, previousStatus: 'waitlisted' }, { id: 7, username: 'bo' }], status: { to: 'accepted' } },
        CTX,
      );
      expect(event?.userInfo).toEqual([
        { id: 'u1', username: 'ann@example.com', first_name: 'Ann', previous_status: 'waitlisted' },
        { id: 7, username: 'bo' },
      ]);
      expect(event?.extras).toEqual({ status_info: { from: null, to: 'accepted' } });
    });

    it('should fire nothing for a group of nobody', () => {
      expect(keysOf({ ...BASE, type: 'tag_changed', users: [], tag: { name: 't', action: 'added' } })).toEqual([]);
    });
  });

  describe('when a payment changes', () => {
    it.each([
      ['issued', ['payment_event', 'payment_issued']],
      ['refunded', ['payment_event', 'payment_refunded']],
      ['approved', ['payment_event']],
      ['pending', ['payment_event']],
      ['failed', ['payment_event']],
      ['cancelled', ['payment_event']],
    ] as const)('should fire for kind %s the events %p', (kind, keys) => {
      expect(keysOf({ ...BASE, type: 'payment', user: ANN, kind, payment: {}, cart: {}, allocations: [] })).toEqual(keys);
    });

    it('should give every payment event payment_info (with the kind), cart_info and allocated_payments', () => {
      const events = planActivityEvents(
        { ...BASE, type: 'payment', user: ANN, kind: 'issued', payment: { amount: 25 }, cart: { total: 25 }, allocations: [{ item: 'a', amount: 25 }] },
        CTX,
      );
      for (const event of events) {
        expect(event.extras).toEqual({
          payment_info: { amount: 25, kind: 'issued' },
          cart_info: { total: 25 },
          allocated_payments: [{ item: 'a', amount: 25 }],
        });
      }
    });
  });

  describe('when an order is updated', () => {
    it('should fire user_order_updated with cart_info and the change', () => {
      const [event] = planActivityEvents(
        { ...BASE, type: 'order_updated', user: ANN, cart: { items: ['B'] }, change: { action: 'removed', product: { sku: 'A' } } },
        CTX,
      );
      expect(event).toMatchObject({
        key: 'user_order_updated',
        extras: { cart_info: { items: ['B'] }, change: { action: 'removed', product: { sku: 'A' } } },
        suppressed: null,
      });
    });
  });

  describe('when any activity fires events', () => {
    it.each(EVERY_ACTIVITY.map((activity) => [activity.type, activity] as const))(
      'should give %s events exactly the payload fields the catalog declares',
      (_type, activity) => {
        const events = planActivityEvents(activity, CTX);
        expect(events.length).toBeGreaterThan(0);
        for (const event of events) {
          expect(Object.keys(event.extras)).toEqual(eventType(event.key).payload);
        }
      },
    );
  });

  describe('when the activity came through the API', () => {
    it.each(EVERY_ACTIVITY.map((activity) => [activity.type, activity] as const))(
      'should record every %s event as suppressed api_origin',
      (_type, activity) => {
        const events = planActivityEvents({ ...activity, origin: 'api' }, CTX);
        expect(events.length).toBeGreaterThan(0);
        expect(events.every((event) => event.suppressed === 'api_origin')).toBe(true);
      },
    );

    it('should let api_origin win over remember_me', () => {
      expect(planActivityEvents({ ...BASE, origin: 'api', type: 'login', user: ANN, via: 'remember_me' }, CTX)).toMatchObject([
        { suppressed: 'api_origin' },
      ]);
    });
  });

  describe('when an admin or the system acts', () => {
    it.each(['admin', 'system'] as const)('should fire normally for origin %s', (origin) => {
      const events = planActivityEvents({ ...BASE, origin, type: 'payment', user: ANN, kind: 'refunded', payment: {}, cart: {}, allocations: [] }, CTX);
      expect(events.map((event) => event.suppressed)).toEqual([null, null]);
    });
  });

  describe('when the page size is not a positive whole number', () => {
    it.each([0, -1, 1.5, Number.NaN])('should throw for %p, since that is a bug of the configuration', (groupPageSize) => {
      expect(() => planActivityEvents(EVERY_ACTIVITY[0] as Activity, { ...CTX, groupPageSize })).toThrow(RangeError);
    });
  });
});
