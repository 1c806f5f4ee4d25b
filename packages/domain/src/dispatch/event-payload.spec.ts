import { describe, expect, it } from '@jest/globals';
import { eventType } from '../catalog/event-catalog.js';
import { eventPayload } from './event-payload.js';

describe('eventPayload', () => {
  describe('when the source offers every declared field and more', () => {
    it('should keep exactly the fields the catalog declares, in its order', () => {
      const source = { doc: { a: 1 }, analytics: {}, form_info: { id: '1' }, password: 'x' };
      expect(eventPayload(eventType('form_submit_{form}'), source)).toEqual({ form_info: { id: '1' }, doc: { a: 1 } });
    });
  });

  describe('when a declared field is missing', () => {
    it('should throw, since the planner must provide what the catalog declares', () => {
      expect(() => eventPayload(eventType('status_update'), { tag_info: {} })).toThrow('payload field status_info');
    });

    it('should not take a field from the prototype chain', () => {
      expect(() => eventPayload(eventType('status_update'), Object.create({ status_info: 1 }) as Record<string, never>)).toThrow();
    });
  });
});
