import { describe, expect, it } from '@jest/globals';
import { eventType } from '../catalog/event-catalog.js';
import { suppressionOf } from './suppression.js';

describe('suppressionOf', () => {
  describe('when the origin is api', () => {
    it('should be api_origin, whatever else applies', () => {
      expect(suppressionOf(eventType('child_complete'), 'api', 'individual', 'remember_me')).toBe('api_origin');
    });
  });

  describe('when a family-only event happens in an individual system', () => {
    it('should be family_only, ahead of any event-specific reason', () => {
      expect(suppressionOf(eventType('child_complete'), 'applicant', 'individual', 'remember_me')).toBe('family_only');
    });

    it('should be nothing in a family system', () => {
      expect(suppressionOf(eventType('child_complete'), 'applicant', 'family')).toBeNull();
    });
  });

  describe('when no shared rule applies', () => {
    it('should be the event-specific reason, if any', () => {
      expect(suppressionOf(eventType('login_success'), 'applicant', 'individual', 'remember_me')).toBe('remember_me');
      expect(suppressionOf(eventType('login_success'), 'admin', 'individual')).toBeNull();
    });
  });
});
