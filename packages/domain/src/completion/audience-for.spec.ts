import { describe, expect, it } from '@jest/globals';
import { audienceFor } from './audience-for.js';

describe('audienceFor', () => {
  describe('when given each role', () => {
    it('should map applicant to user, parent to parent and child to child', () => {
      expect(audienceFor('applicant')).toBe('user');
      expect(audienceFor('parent')).toBe('parent');
      expect(audienceFor('child')).toBe('child');
    });
  });
});
