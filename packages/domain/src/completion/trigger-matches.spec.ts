import { describe, expect, it } from '@jest/globals';
import type { Trigger, TriggerOn } from '../model/form.js';
import { triggerMatches } from './trigger-matches.js';

const trigger = (on: TriggerOn, projectId = 'p1'): Trigger => ({ projectId, id: 't1', on, addForms: ['x'] });

describe('triggerMatches', () => {
  describe('when the trigger has no when', () => {
    it('should match any submission of its form', () => {
      expect(triggerMatches(trigger({ type: 'form_submitted', formId: 'a' }), 'p1', 'a', {})).toBe(true);
    });

    it('should not match another form, another project or another kind of trigger', () => {
      expect(triggerMatches(trigger({ type: 'form_submitted', formId: 'a' }), 'p1', 'b', {})).toBe(false);
      expect(triggerMatches(trigger({ type: 'form_submitted', formId: 'a' }, 'p2'), 'p1', 'a', {})).toBe(false);
      expect(triggerMatches(trigger({ type: 'account_created' }), 'p1', 'a', {})).toBe(false);
    });
  });

  describe('when the trigger has a when', () => {
    const on: TriggerOn = { type: 'form_submitted', formId: 'a', when: { sport: 'hockey', days: [1, 2] } };

    it('should match only when every field is deep-equal in the doc', () => {
      expect(triggerMatches(trigger(on), 'p1', 'a', { sport: 'hockey', days: [1, 2], other: 1 })).toBe(true);
      expect(triggerMatches(trigger(on), 'p1', 'a', { sport: 'hockey', days: [2, 1] })).toBe(false);
      expect(triggerMatches(trigger(on), 'p1', 'a', { sport: 'chess', days: [1, 2] })).toBe(false);
    });

    it('should not match when a field is missing from the doc, even one expected to be null', () => {
      const nullable: TriggerOn = { type: 'form_submitted', formId: 'a', when: { note: null } };
      expect(triggerMatches(trigger(nullable), 'p1', 'a', {})).toBe(false);
      expect(triggerMatches(trigger(nullable), 'p1', 'a', { note: null })).toBe(true);
    });

    it('should match an empty when like an absent one', () => {
      expect(triggerMatches(trigger({ type: 'form_submitted', formId: 'a', when: {} }), 'p1', 'a', {})).toBe(true);
    });
  });
});
