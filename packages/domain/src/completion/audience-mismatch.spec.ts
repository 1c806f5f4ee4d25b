import { describe, expect, it } from '@jest/globals';
import type { Audience, Form } from '../model/form.js';
import type { UserRole } from '../model/user-state.js';
import { audienceMismatch } from './audience-mismatch.js';

const form = (audience: Audience): Form => ({ projectId: 'p1', id: 'f7', name: 'F', audience, mandatory: true, reach: 'audience' });

describe('audienceMismatch', () => {
  describe('when the form is for the role', () => {
    it.each<[Audience, UserRole]>([
      ['user', 'applicant'],
      ['parent', 'parent'],
      ['child', 'child'],
    ])('should accept a %s form for a %s', (audience, role) => {
      expect(audienceMismatch(form(audience), role, 'user.role')).toBeNull();
    });
  });

  describe('when the form is for another audience', () => {
    it('should refuse a child form for a parent, naming the field, the form and both sides', () => {
      expect(audienceMismatch(form('child'), 'parent', 'user.role')).toEqual({
        path: 'user.role',
        message: 'form f7 is for children, and this user is a parent',
      });
    });
    it.each<[Audience, UserRole]>([
      ['parent', 'child'],
      ['user', 'parent'],
      ['user', 'child'],
      ['parent', 'applicant'],
      ['child', 'applicant'],
    ])('should refuse a %s form for a %s at the path given', (audience, role) => {
      expect(audienceMismatch(form(audience), role, 'formId')?.path).toBe('formId');
    });
  });
});
