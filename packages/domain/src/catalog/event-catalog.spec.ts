import { describe, expect, it } from '@jest/globals';
import { EVENT_CATALOG, eventType, findEventType } from './event-catalog.js';

const DOCUMENTED_KEYS = [
  'user_registered',
  'login_success',
  'edit_user_credentials',
  'form_submitted',
  'form_submit_{form}',
  'form_load_{form}',
  'form_viewed_{form}',
  'user_complete',
  'child_complete',
  'status_update',
  'payment_event',
  'payment_refunded',
  'payment_issued',
  'tag_update',
  'user_order_updated',
  'form_preprocess',
  'form_preprocess_{form}',
];

const payloadOf = (key: string): readonly string[] | undefined => findEventType(key)?.payload;

describe('EVENT_CATALOG', () => {
  describe('when read as the table of the product document', () => {
    it('should hold every documented event exactly once, in the order of the document', () => {
      expect(EVENT_CATALOG.map((type) => type.key)).toEqual(DOCUMENTED_KEYS);
    });

    it('should give per-form rows the prefix of their key pattern and other rows none', () => {
      for (const type of EVENT_CATALOG) {
        const expected = type.key.endsWith('_{form}') ? type.key.slice(0, -'{form}'.length) : null;
        expect(type.formPrefix).toBe(expected);
      }
    });

    it('should mark as interactive exactly form_submit, form_load and both form_preprocess rows', () => {
      const interactive = EVENT_CATALOG.filter((type) => type.mode === 'interactive').map((type) => type.key);
      expect(interactive).toEqual(['form_submit_{form}', 'form_load_{form}', 'form_preprocess', 'form_preprocess_{form}']);
    });

    it('should mark status_update and tag_update, and only them, as group events (user_info an array)', () => {
      expect(EVENT_CATALOG.filter((type) => type.group).map((type) => type.key)).toEqual(['status_update', 'tag_update']);
    });

    it('should mark child_complete, and only it, as family-only', () => {
      expect(EVENT_CATALOG.filter((type) => type.familyOnly).map((type) => type.key)).toEqual(['child_complete']);
    });

    it('should never declare user_info, meta_info or a password among the payload fields', () => {
      for (const type of EVENT_CATALOG) {
        expect(type.payload).not.toContain('user_info');
        expect(type.payload).not.toContain('meta_info');
        expect(type.payload.some((field) => field.toLowerCase().includes('password'))).toBe(false);
      }
    });

    it('should name payload fields in snake_case and describe every row', () => {
      for (const type of EVENT_CATALOG) {
        for (const field of type.payload) {
          expect(field).toMatch(/^[a-z]+(_[a-z]+)*$/);
        }
        expect(type.description.length).toBeGreaterThan(10);
      }
    });
  });

  describe('when payloads are compared', () => {
    it('should give edit_user_credentials the username only', () => {
      expect(payloadOf('edit_user_credentials')).toEqual(['username']);
    });

    it('should give form_submitted form_info, doc and analytics, and the completion events the same', () => {
      expect(payloadOf('form_submitted')).toEqual(['form_info', 'doc', 'analytics']);
      expect(payloadOf('user_complete')).toEqual(payloadOf('form_submitted'));
      expect(payloadOf('child_complete')).toEqual(payloadOf('form_submitted'));
    });

    it('should give payment_refunded and payment_issued the payload of payment_event', () => {
      expect(payloadOf('payment_event')).toEqual(['payment_info', 'cart_info', 'allocated_payments']);
      expect(payloadOf('payment_refunded')).toEqual(payloadOf('payment_event'));
      expect(payloadOf('payment_issued')).toEqual(payloadOf('payment_event'));
    });

    it('should give the form events doc, and form_info where the document says so', () => {
      expect(payloadOf('form_load_{form}')).toEqual(['doc']);
      expect(payloadOf('form_viewed_{form}')).toEqual(['doc']);
      expect(payloadOf('form_submit_{form}')).toEqual(['form_info', 'doc']);
      expect(payloadOf('form_preprocess')).toEqual(['form_info', 'doc']);
      expect(payloadOf('form_preprocess_{form}')).toEqual(['form_info', 'doc']);
    });

    it('should give the group and order events their own info fields', () => {
      expect(payloadOf('status_update')).toEqual(['status_info']);
      expect(payloadOf('tag_update')).toEqual(['tag_info']);
      expect(payloadOf('user_order_updated')).toEqual(['cart_info', 'change']);
      expect(payloadOf('user_registered')).toEqual([]);
      expect(payloadOf('login_success')).toEqual([]);
    });
  });

  describe('when grouped by topic', () => {
    it('should put exactly the interactive events under interactive, and name a topic for every row', () => {
      for (const t of EVENT_CATALOG) expect(t.topic === 'interactive').toBe(t.mode === 'interactive');
      expect(new Set(EVENT_CATALOG.map((t) => t.topic))).toEqual(new Set(['account', 'forms', 'completion', 'payments', 'statuses_tags', 'interactive']));
    });
  });

  describe('when someone tries to change it at runtime', () => {
    it('should be frozen, rows included', () => {
      expect(Object.isFrozen(EVENT_CATALOG)).toBe(true);
      expect(EVENT_CATALOG.every((type) => Object.isFrozen(type))).toBe(true);
    });
  });
});

describe('findEventType', () => {
  describe('when the key is a catalog key or key pattern', () => {
    it.each(DOCUMENTED_KEYS)('should find the row of %s', (key) => {
      expect(findEventType(key)?.key).toBe(key);
    });
  });

  describe('when the key is concrete, unknown or differently spelled', () => {
    it.each(['form_submit_42', 'form_submit_*', 'USER_REGISTERED', ' user_registered', '', 'toString', '__proto__'])(
      'should find nothing for %p, since lookup is by exact catalog key',
      (key) => {
        expect(findEventType(key)).toBeUndefined();
      },
    );
  });
});

describe('eventType', () => {
  describe('when the key is in the catalog', () => {
    it('should return its row', () => {
      expect(eventType('status_update').mode).toBe('notify');
    });
  });

  describe('when the key is not in the catalog', () => {
    it('should throw, since asking for it is a bug', () => {
      expect(() => eventType('no_such_event')).toThrow('no event type no_such_event');
    });
  });
});
