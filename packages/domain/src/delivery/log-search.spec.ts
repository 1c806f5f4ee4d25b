import { describe, expect, it } from '@jest/globals';
import { applicantShapes, concernsApplicant, responseClassOf } from './log-search.js';

describe('responseClassOf', () => {
  it('should be the hundred of the status code, none for a sent attempt without an answer, and null for a held one', () => {
    expect(responseClassOf({ statusCode: 204, errorClass: null })).toBe('2xx');
    expect(responseClassOf({ statusCode: 302, errorClass: 'redirect' })).toBe('3xx');
    expect(responseClassOf({ statusCode: 410, errorClass: 'http_status' })).toBe('4xx');
    expect(responseClassOf({ statusCode: 599, errorClass: 'http_status' })).toBe('5xx');
    expect(responseClassOf({ statusCode: 101, errorClass: 'invalid_response' })).toBeNull();
    expect(responseClassOf({ statusCode: null, errorClass: 'timeout' })).toBe('none');
    expect(responseClassOf({ statusCode: null, errorClass: 'held' })).toBeNull();
  });
});

describe('applicantShapes', () => {
  it('should name the id and the username, and a whole number also as a numeric id', () => {
    expect(applicantShapes('ada')).toEqual([{ id: 'ada' }, { username: 'ada' }]);
    expect(applicantShapes('42')).toEqual([{ id: '42' }, { username: '42' }, { id: 42 }]);
    expect(applicantShapes('042')).toEqual([{ id: '042' }, { username: '042' }]);
    expect(applicantShapes('99999999999999999999')).toHaveLength(2);
  });
});

describe('concernsApplicant', () => {
  it('should match one user or any user of a group, exactly, and nothing without user_info', () => {
    expect(concernsApplicant({ user_info: { id: 42, username: 'ada' } }, '42')).toBe(true);
    expect(concernsApplicant({ user_info: [{ id: 'x' }, { username: 'ada' }] }, 'ada')).toBe(true);
    expect(concernsApplicant({ user_info: { id: 'u1', username: 'Ada' } }, 'ada')).toBe(false);
    expect(concernsApplicant({ event: 'x' }, 'ada')).toBe(false);
  });
});
