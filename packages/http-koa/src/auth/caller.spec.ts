import { describe, expect, it } from '@jest/globals';
import type { Principal } from '@webhooks/domain';
import { bearerToken } from './bearer-token.js';
import { admit } from './caller.js';

const statusOf = (fn: () => unknown): number | 'ok' => {
  try {
    fn();
    return 'ok';
  } catch (error) {
    return (error as { status: number }).status;
  }
};

describe('admit', () => {
  const operator: Principal = { kind: 'operator' };
  const platformA: Principal = { kind: 'platform', projectId: 'prj_a' };
  const apiAdminA: Principal = { kind: 'admin', projectId: 'prj_a', adminId: 'adm_1', apiAdmin: true };
  const plainAdminA: Principal = { kind: 'admin', projectId: 'prj_a', adminId: 'adm_2', apiAdmin: false };

  describe('when the caller is checked against a route of project A', () => {
    it('should admit the right role, refuse others with 403, and another project with 404', () => {
      const table = [
        ['operator', operator, 'ok'],
        ['operator', platformA, 403],
        ['platform', platformA, 'ok'],
        ['platform', apiAdminA, 403],
        ['platform', operator, 403],
        ['apiAdmin', apiAdminA, 'ok'],
        ['apiAdmin', plainAdminA, 403],
        ['apiAdmin', platformA, 403],
        ['apiAdmin', null, 401],
      ] as const;
      for (const [caller, principal, expected] of table) {
        expect([caller, principal?.kind, statusOf(() => admit(caller, principal, 'prj_a'))]).toEqual([caller, principal?.kind, expected]);
      }
      expect(statusOf(() => admit('apiAdmin', apiAdminA, 'prj_b'))).toBe(404);
      expect(statusOf(() => admit('platform', platformA, 'prj_b'))).toBe(404);
      expect(statusOf(() => admit('operator', platformA, 'prj_b'))).toBe(404);
    });
  });
});

describe('bearerToken', () => {
  describe('when given an Authorization header', () => {
    it('should take the token of a Bearer header only', () => {
      expect(bearerToken('Bearer pk_abc')).toBe('pk_abc');
      expect(bearerToken('bearer   ak_x ')).toBe('ak_x');
      expect(bearerToken('Basic dXNlcg==')).toBeUndefined();
      expect(bearerToken('Bearer ')).toBeUndefined();
      expect(bearerToken(undefined)).toBeUndefined();
      expect(bearerToken(`Bearer ${'x'.repeat(600)}`)).toBeUndefined();
    });
  });
});
