import { describe, expect, it } from '@jest/globals';
import { placeErrors } from './field-errors.js';

describe('placeErrors', () => {
  describe('when the API answers a validation problem', () => {
    const problem = {
      title: 'Validation Failed',
      status: 422,
      detail: 'the request has invalid fields: see errors',
      errors: [
        { path: 'url', message: 'url must use https or http, not ftp' },
        { path: 'event', message: 'unknown form id "x" in event form_submit_x' },
        { path: '', message: 'must have at least 1 field(s)' },
      ],
    };
    it('should put each message beside its field', () => {
      expect(placeErrors(problem, { perForm: false })).toEqual({
        byField: { url: 'url must use https or http, not ftp', event: 'unknown form id "x" in event form_submit_x' },
        general: ['must have at least 1 field(s)'],
      });
    });
    it('should put event errors beside the form picker for a per-form event', () => {
      expect(placeErrors(problem, { perForm: true }).byField.formId).toBe('unknown form id "x" in event form_submit_x');
    });
  });

  describe('when the API answers a conflict', () => {
    it('should put its detail beside the URL', () => {
      const problem = { title: 'Conflict', status: 409, detail: 'this URL already serves event user_registered', existingId: 'wh_1' };
      expect(placeErrors(problem, { perForm: false })).toEqual({ byField: { url: 'this URL already serves event user_registered' }, general: [] });
    });
  });

  describe('when the problem names no field', () => {
    it('should show its detail above the form', () => {
      expect(placeErrors({ title: 'Not Found', status: 404, detail: 'webhook not found' }, { perForm: false })).toEqual({ byField: {}, general: ['webhook not found'] });
    });
  });
});
