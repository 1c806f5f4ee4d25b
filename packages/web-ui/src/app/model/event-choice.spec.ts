import { describe, expect, it } from '@jest/globals';
import { concreteEvent, isPerForm, readEvent } from './event-choice.js';

const catalog = [{ key: 'user_registered' }, { key: 'form_submit_{form}' }, { key: 'form_preprocess' }, { key: 'form_preprocess_{form}' }];

describe('event choice', () => {
  describe('isPerForm', () => {
    it('should be true for a key with {form} only', () => {
      expect(isPerForm({ key: 'form_submit_{form}' })).toBe(true);
      expect(isPerForm({ key: 'form_preprocess' })).toBe(false);
    });
  });

  describe('concreteEvent', () => {
    it('should put the form id in place of {form}', () => {
      expect(concreteEvent({ typeKey: 'form_submit_{form}', formId: ' reg-1 ' })).toBe('form_submit_reg-1');
    });
    it('should keep a key without a placeholder', () => {
      expect(concreteEvent({ typeKey: 'user_registered', formId: 'ignored' })).toBe('user_registered');
    });
  });

  describe('readEvent', () => {
    it('should read an exact key', () => {
      expect(readEvent('form_preprocess', catalog)).toEqual({ typeKey: 'form_preprocess', formId: '' });
    });
    it('should read a per-form key with the longest matching prefix', () => {
      expect(readEvent('form_preprocess_42', catalog)).toEqual({ typeKey: 'form_preprocess_{form}', formId: '42' });
      expect(readEvent('form_submit_a_b', catalog)).toEqual({ typeKey: 'form_submit_{form}', formId: 'a_b' });
    });
    it('should keep an unknown key as it is', () => {
      expect(readEvent('something_else', catalog)).toEqual({ typeKey: 'something_else', formId: '' });
    });
  });
});
