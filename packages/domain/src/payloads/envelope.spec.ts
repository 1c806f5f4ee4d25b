import { describe, expect, it } from '@jest/globals';
import type { Project } from '../model/project.js';
import { buildEnvelope, withoutPasswords, type EnvelopeInput } from './envelope.js';

const PROJECT: Project = {
  id: 'prj_1',
  name: 'Summer camp',
  system: 'family',
  platformKeyHash: 'hash-never-sent',
  createdAt: new Date('2024-01-01T00:00:00Z'),
};

const INPUT: EnvelopeInput = {
  eventId: 'msg_1',
  key: 'form_submitted',
  occurredAt: new Date('2024-05-01T12:30:00.000Z'),
  project: PROJECT,
  activityId: 'act_9',
  origin: 'applicant',
  userInfo: { id: 'u1', username: 'ann' },
  extras: { doc: { name: 'Ann' } },
};

describe('buildEnvelope', () => {
  describe('when given an event of one user', () => {
    it('should build event, event_id, occurred_at, project_id, user_info, meta_info and the extras', () => {
      expect(buildEnvelope(INPUT)).toEqual({
        event: 'form_submitted',
        event_id: 'msg_1',
        occurred_at: '2024-05-01T12:30:00.000Z',
        project_id: 'prj_1',
        user_info: { id: 'u1', username: 'ann' },
        meta_info: {
          project_id: 'prj_1',
          project_name: 'Summer camp',
          system: 'family',
          activity_id: 'act_9',
          origin: 'applicant',
          occurred_at: '2024-05-01T12:30:00.000Z',
        },
        doc: { name: 'Ann' },
      });
    });

    it('should never carry the project key hash', () => {
      expect(JSON.stringify(buildEnvelope(INPUT))).not.toContain('hash-never-sent');
    });
  });

  describe('when given one page of a group event', () => {
    it('should carry the user_info array and say in meta_info which page of how many', () => {
      const envelope = buildEnvelope({
        ...INPUT,
        key: 'status_update',
        userInfo: [{ id: 'u1' }, { id: 'u2' }],
        extras: { status_info: { from: null, to: 'accepted' } },
        page: { number: 2, of: 3 },
      });
      expect(envelope['user_info']).toEqual([{ id: 'u1' }, { id: 'u2' }]);
      expect(envelope['meta_info']).toMatchObject({ page: { number: 2, of: 3 } });
      expect(envelope).not.toHaveProperty('page');
    });
  });

  describe('when the extras hold passwords', () => {
    it('should remove every key named password, in any case and at any depth', () => {
      const envelope = buildEnvelope({
        ...INPUT,
        extras: { doc: { name: 'Ann', Password: 'p1', nested: [{ PASSWORD: 'p2' }] }, password: 'p3' },
      });
      expect(envelope).toMatchObject({ doc: { name: 'Ann', nested: [{}] } });
      expect(JSON.stringify(envelope)).not.toMatch(/p[123]"/);
    });
  });

  describe('when an extra has the name of an envelope field', () => {
    it.each(['event', 'event_id', 'occurred_at', 'project_id', 'user_info', 'meta_info'])(
      'should throw for %s rather than let it overwrite the envelope',
      (key) => {
        expect(() => buildEnvelope({ ...INPUT, extras: { [key]: 'x' } })).toThrow(`payload extra ${key}`);
      },
    );
  });
});

describe('withoutPasswords (from the envelope module)', () => {
  describe('when imported from the envelope', () => {
    it('should be the password filter', () => {
      expect(withoutPasswords({ password: 'x', a: 1 })).toEqual({ a: 1 });
    });
  });
});
