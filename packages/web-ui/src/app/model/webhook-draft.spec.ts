import { describe, expect, it } from '@jest/globals';
import type { EventType } from '../api/api-types.js';
import { draftOf, EMPTY_DRAFT, inputOf } from './webhook-draft.js';

const catalog: EventType[] = [
  { key: 'user_registered', mode: 'notify', familyOnly: false, payload: [], description: '', topic: 'account', sample: {}, answer: null },
  { key: 'form_submit_{form}', mode: 'interactive', familyOnly: false, payload: [], description: '', topic: 'interactive', sample: {}, answer: { fields: {}, example: {} } },
];

describe('inputOf', () => {
  describe('when the event is per form and interactive', () => {
    it('should send the concrete key, the timeout as a number and the failure policy', () => {
      const draft = { ...EMPTY_DRAFT, typeKey: 'form_submit_{form}', formId: 'reg-1', url: ' http://x/ ', timeoutMs: '2500', failurePolicy: 'closed' as const };
      expect(inputOf(draft, 'interactive')).toEqual({ event: 'form_submit_reg-1', url: 'http://x/', description: null, enabled: true, timeoutMs: 2500, failurePolicy: 'closed' });
    });
  });
  describe('when the event is notify', () => {
    it('should leave out the failure policy and a blank timeout', () => {
      expect(inputOf({ ...EMPTY_DRAFT, typeKey: 'user_registered', url: 'https://a/', description: ' hi ' }, 'notify')).toEqual({
        event: 'user_registered',
        url: 'https://a/',
        description: 'hi',
        enabled: true,
      });
    });
  });
  describe('when the timeout is not a number', () => {
    it('should send it as typed, for the API to name the problem', () => {
      expect(inputOf({ ...EMPTY_DRAFT, typeKey: 'user_registered', timeoutMs: 'soon' }, 'notify').timeoutMs).toBe('soon');
    });
  });
});

describe('draftOf', () => {
  it('should read a per-form webhook back into its row and form', () => {
    const webhook = {
      id: 'wh_1',
      event: 'form_submit_reg-1',
      url: 'https://a/',
      description: null,
      enabled: false,
      disabledReason: null,
      failingSince: null,
      timeoutMs: 3000,
      failurePolicy: 'open' as const,
      createdAt: '',
      updatedAt: '',
    };
    expect(draftOf(webhook, catalog)).toEqual({ typeKey: 'form_submit_{form}', formId: 'reg-1', url: 'https://a/', description: '', enabled: false, timeoutMs: '3000', failurePolicy: 'open' });
  });
});
