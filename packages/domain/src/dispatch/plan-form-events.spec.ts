import { describe, expect, it } from '@jest/globals';
import type { FormInteraction, FormMoment, Origin, UserRef } from '../model/activity.js';
import type { Form } from '../model/form.js';
import type { Project, SystemKind } from '../model/project.js';
import { formInfo, interactiveKeys, interactivePayload, planAssignmentCompletions, planSubmissionEvents, planViewedEvent } from './plan-form-events.js';

const project = (system: SystemKind): Project => ({
  id: 'prj_1',
  name: 'Camp',
  system,
  platformKeyHash: 'h',
  createdAt: new Date('2024-01-01T00:00:00Z'),
});
const FORM: Form = { projectId: 'prj_1', id: '42', name: 'Medical', audience: 'parent', mandatory: true, reach: 'audience' };
const PARENT: UserRef = { id: 'p1', username: 'pat' };
const CHILD: UserRef = { id: 'c1', username: 'kid', role: 'child', parentId: 'p1' };
const interaction = (moment: FormMoment, extra: Partial<FormInteraction> = {}): FormInteraction => ({
  id: 'int_1',
  moment,
  origin: 'applicant',
  occurredAt: new Date('2024-05-01T00:00:00Z'),
  formId: '42',
  user: PARENT,
  doc: { allergies: 'none' },
  ...extra,
});
const SUBMITTED_EXTRAS = {
  form_info: { id: '42', name: 'Medical', audience: 'parent', mandatory: true, complete: true },
  doc: { allergies: 'none' },
  analytics: { google: 'ga-1' },
};

describe('interactiveKeys', () => {
  describe('when a form moment happens', () => {
    it.each([
      ['preprocess', ['form_preprocess', 'form_preprocess_42']],
      ['submission', ['form_submit_42']],
      ['load', ['form_load_42']],
    ] as const)('should call for %s the keys %p', (moment, keys) => {
      expect(interactiveKeys(moment, '42')).toEqual(keys);
    });
  });
});

describe('formInfo', () => {
  describe('when completeness is known', () => {
    it('should give id, name, audience, mandatory and complete', () => {
      expect(formInfo(FORM, false)).toEqual({ id: '42', name: 'Medical', audience: 'parent', mandatory: true, complete: false });
    });
  });

  describe('when completeness is not known', () => {
    it('should leave complete out', () => {
      expect(formInfo(FORM, null)).toEqual({ id: '42', name: 'Medical', audience: 'parent', mandatory: true });
    });
  });
});

describe('interactivePayload', () => {
  describe('when the form loads', () => {
    it('should carry the doc only', () => {
      expect(interactivePayload(interaction('load'), FORM)).toEqual({
        userInfo: { id: 'p1', username: 'pat' },
        extras: { doc: { allergies: 'none' } },
      });
    });
  });

  describe('when the form is preprocessed or submitted', () => {
    it('should carry form_info and doc, with complete only when the platform said', () => {
      expect(interactivePayload(interaction('preprocess'), FORM).extras).toEqual({
        form_info: { id: '42', name: 'Medical', audience: 'parent', mandatory: true },
        doc: { allergies: 'none' },
      });
      expect(interactivePayload(interaction('submission', { complete: false }), FORM).extras).toEqual({
        form_info: { id: '42', name: 'Medical', audience: 'parent', mandatory: true, complete: false },
        doc: { allergies: 'none' },
      });
    });
  });
});

describe('planSubmissionEvents', () => {
  const submission = interaction('submission', { complete: true, analytics: { google: 'ga-1' } });
  const input = {
    interaction: submission,
    form: FORM,
    completions: [],
    project: project('family'),
    users: new Map<string, UserRef>(),
  };

  describe('when a submission completes nothing', () => {
    it('should fire form_submitted with form_info, doc and analytics', () => {
      expect(planSubmissionEvents(input)).toEqual([
        { key: 'form_submitted', userInfo: { id: 'p1', username: 'pat' }, extras: SUBMITTED_EXTRAS, suppressed: null },
      ]);
    });

    it.each([false, undefined])('should fire form_submitted even when complete is %p', (complete) => {
      const { complete: _drop, ...rest } = submission;
      const partial: FormInteraction = complete === undefined ? rest : { ...rest, complete };
      expect(planSubmissionEvents({ ...input, interaction: partial }).map((event) => event.key)).toEqual(['form_submitted']);
    });

    it('should send empty analytics when the platform sent none', () => {
      const { analytics: _drop, ...rest } = submission;
      const [event] = planSubmissionEvents({ ...input, interaction: rest });
      expect(event?.extras['analytics']).toEqual({});
    });
  });

  describe('when a submission completes users', () => {
    it('should fire one completion event per completion, about the user who completed, with the payload of form_submitted', () => {
      const events = planSubmissionEvents({
        ...input,
        completions: [
          { key: 'child_complete', userId: 'c1' },
          { key: 'user_complete', userId: 'p1' },
        ],
        users: new Map([['c1', CHILD]]),
      });
      expect(events.map((event) => [event.key, event.userInfo, event.suppressed])).toEqual([
        ['form_submitted', { id: 'p1', username: 'pat' }, null],
        ['child_complete', { id: 'c1', username: 'kid', role: 'child', parent_id: 'p1' }, null],
        ['user_complete', { id: 'p1', username: 'pat' }, null],
      ]);
      expect(events.every((event) => JSON.stringify(event.extras) === JSON.stringify(SUBMITTED_EXTRAS))).toBe(true);
    });

    it('should record child_complete as family_only in an individual system', () => {
      const events = planSubmissionEvents({
        ...input,
        project: project('individual'),
        completions: [
          { key: 'user_complete', userId: 'p1' },
          { key: 'child_complete', userId: 'c1' },
        ],
      });
      expect(events.map((event) => event.suppressed)).toEqual([null, null, 'family_only']);
    });
  });

  describe('when the submission came through the API', () => {
    it('should record every event as suppressed api_origin', () => {
      const events = planSubmissionEvents({
        ...input,
        interaction: { ...submission, origin: 'api' },
        completions: [{ key: 'user_complete', userId: 'p1' }],
      });
      expect(events.map((event) => event.suppressed)).toEqual(['api_origin', 'api_origin']);
    });
  });
});

describe('planAssignmentCompletions', () => {
  const activity = (type: 'form_assigned' | 'form_unassigned', origin: Origin = 'admin') =>
    ({ id: 'act-1', type, origin, occurredAt: new Date('2024-05-01T00:00:00Z'), user: CHILD, formId: '42' }) as const;

  describe('when unassigning a form completes a child', () => {
    it('should fire child_complete about the child, carrying the form unassigned, an empty doc and empty analytics', () => {
      expect(
        planAssignmentCompletions({ activity: activity('form_unassigned'), form: FORM, completions: [{ key: 'child_complete', userId: 'c1' }], project: project('family') }),
      ).toEqual([
        {
          key: 'child_complete',
          userInfo: { id: 'c1', username: 'kid', role: 'child', parent_id: 'p1' },
          extras: { form_info: { id: '42', name: 'Medical', audience: 'parent', mandatory: true, assignment: 'unassigned' }, doc: {}, analytics: {} },
          suppressed: null,
        },
      ]);
    });
  });

  describe('when the change completes nobody', () => {
    it('should plan nothing', () => {
      expect(planAssignmentCompletions({ activity: activity('form_assigned'), form: FORM, completions: [], project: project('family') })).toEqual([]);
    });
  });

  describe('when the change came through the API', () => {
    it('should record the completion as suppressed api_origin, saying the form was assigned', () => {
      const [event] = planAssignmentCompletions({
        activity: activity('form_assigned', 'api'),
        form: FORM,
        completions: [{ key: 'user_complete', userId: 'c1' }],
        project: project('family'),
      });
      expect(event?.suppressed).toBe('api_origin');
      expect(event?.extras['form_info']).toMatchObject({ assignment: 'assigned' });
    });
  });
});

describe('planViewedEvent', () => {
  describe('when a form load was answered', () => {
    it('should plan form_viewed_<id> with the doc', () => {
      expect(planViewedEvent(interaction('load'), FORM)).toEqual({
        key: 'form_viewed_42',
        userInfo: { id: 'p1', username: 'pat' },
        extras: { doc: { allergies: 'none' } },
        suppressed: null,
      });
    });
  });

  describe('when the load came through the API', () => {
    it('should record it as suppressed api_origin', () => {
      expect(planViewedEvent(interaction('load', { origin: 'api' }), { ...FORM, audience: 'user' }).suppressed).toBe('api_origin');
    });
  });
});
