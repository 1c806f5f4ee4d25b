import { describe, expect, it } from '@jest/globals';
import type { FormInteraction } from '../model/activity.js';
import type { InMemoryService } from '../testing/in-memory-service.js';
import { bodiesTo, drain, expectInvalid, must, nextId, projectWithAdmin, report, subscribe, user } from './fixtures.spec-helper.js';

const COMPLETE = 'https://hooks.example.com/complete';
const CHILD = 'https://hooks.example.com/child';
let n = 0;

async function submit(service: InMemoryService, projectId: string, formId: string, who = user('u1'), complete = true, doc: FormInteraction['doc'] = {}) {
  return must(
    await service.interactions.execute(projectId, {
      id: `sub-${(n += 1)}`,
      moment: 'submission',
      origin: 'applicant',
      occurredAt: service.clock.now(),
      formId,
      user: who,
      doc,
      complete,
    }),
  );
}

const keysOf = (outcome: { events: readonly { key: string; deliveries: number }[] }) => outcome.events.filter((e) => e.deliveries > 0).map((e) => e.key);

describe('completion through the use cases', () => {
  describe('when an applicant registers with trigger forms and submits them all', () => {
    it('should fire user_complete exactly once, on the last mandatory form', async () => {
      const { service, project } = await projectWithAdmin('individual');
      for (const id of ['f1', 'f2', 'opt']) must(await service.forms.putForm(project.id, id, { name: id, audience: 'user', mandatory: id !== 'opt' }));
      must(await service.forms.putTrigger(project.id, 't1', { on: { type: 'account_created' }, addForms: ['f1', 'f2', 'opt'] }));
      await subscribe(service, project.id, 'user_complete', COMPLETE);
      await report(service, project.id, { type: 'registered', user: user('u1') });
      expect(keysOf(await submit(service, project.id, 'f1'))).toEqual([]);
      expect(keysOf(await submit(service, project.id, 'f2'))).toEqual(['user_complete']);
      expect(keysOf(await submit(service, project.id, 'f2'))).toEqual([]);
      expect(keysOf(await submit(service, project.id, 'opt'))).toEqual([]);
      await drain(service);
      expect(service.transport.sentTo(COMPLETE)).toHaveLength(1);
    });
  });

  describe('when the last form adds another through a trigger', () => {
    it('should fire nothing until the added form is completed too', async () => {
      const { service, project } = await projectWithAdmin('individual');
      for (const id of ['f1', 'extra']) must(await service.forms.putForm(project.id, id, { name: id, audience: 'user' }));
      must(await service.forms.putTrigger(project.id, 'start', { on: { type: 'account_created' }, addForms: ['f1'] }));
      must(await service.forms.putTrigger(project.id, 'more', { on: { type: 'form_submitted', formId: 'f1', when: { needs_more: true } }, addForms: ['extra'] }));
      await subscribe(service, project.id, 'user_complete', COMPLETE);
      await report(service, project.id, { type: 'registered', user: user('u1') });
      expect(keysOf(await submit(service, project.id, 'f1', user('u1'), true, { needs_more: true }))).toEqual([]);
      expect(keysOf(await submit(service, project.id, 'extra'))).toEqual(['user_complete']);
    });
  });

  describe('when children and their parent complete their forms in a family system', () => {
    it('should fire child_complete once per child and user_complete for the parent', async () => {
      const { service, project } = await projectWithAdmin('family');
      must(await service.forms.putForm(project.id, 'p1', { name: 'Parent', audience: 'parent' }));
      must(await service.forms.putForm(project.id, 'c1', { name: 'Child', audience: 'child' }));
      must(await service.forms.putTrigger(project.id, 'tp', { on: { type: 'account_created' }, addForms: ['p1'] }));
      must(await service.forms.putTrigger(project.id, 'tc', { on: { type: 'child_created' }, addForms: ['c1'] }));
      await subscribe(service, project.id, 'user_complete', COMPLETE);
      await subscribe(service, project.id, 'child_complete', CHILD);
      const parent = user('p', { role: 'parent' });
      const kids = ['k1', 'k2'].map((id) => user(id, { role: 'child', parentId: 'p' }));
      await report(service, project.id, { type: 'registered', user: parent });
      for (const kid of kids) await report(service, project.id, { type: 'child_added', user: kid });
      expect(keysOf(await submit(service, project.id, 'c1', kids[0]))).toEqual(['child_complete']);
      expect(keysOf(await submit(service, project.id, 'c1', kids[1]))).toEqual(['child_complete']);
      expect(keysOf(await submit(service, project.id, 'p1', parent))).toEqual(['user_complete']);
      await drain(service);
      const children = service.transport.sentTo(CHILD).map((r) => (JSON.parse(r.body) as { user_info: { id: string } }).user_info.id);
      expect(children.sort()).toEqual(['k1', 'k2']);
    });
  });

  describe('when a form is submitted', () => {
    it('should queue form_submitted with form_info, doc and analytics, complete or not', async () => {
      const { service, project } = await projectWithAdmin('individual');
      must(await service.forms.putForm(project.id, 'f1', { name: 'Form one', audience: 'user' }));
      const hook = 'https://hooks.example.com/submitted';
      await subscribe(service, project.id, 'form_submitted', hook);
      await submit(service, project.id, 'f1', user('u1'), false, { q1: 'a' });
      await drain(service);
      const body = JSON.parse(service.transport.sentTo(hook)[0]?.body ?? '{}') as Record<string, unknown>;
      expect(body).toMatchObject({ event: 'form_submitted', form_info: { id: 'f1' }, doc: { q1: 'a' } });
    });
  });

  describe('when two mandatory forms reach every applicant and no trigger exists', () => {
    it('should fire user_complete only once both are submitted', async () => {
      const { service, project } = await projectWithAdmin('individual');
      for (const id of ['f1', 'f2']) must(await service.forms.putForm(project.id, id, { name: id, audience: 'user' }));
      await subscribe(service, project.id, 'user_complete', COMPLETE);
      await report(service, project.id, { type: 'registered', user: user('u1') });
      expect(keysOf(await submit(service, project.id, 'f1'))).toEqual([]);
      expect(keysOf(await submit(service, project.id, 'f2'))).toEqual(['user_complete']);
    });
  });

  describe('when the platform assigns and unassigns forms', () => {
    async function setup() {
      const { service, project } = await projectWithAdmin('family');
      must(await service.forms.putForm(project.id, 'cf', { name: 'Child form', audience: 'child' }));
      must(await service.forms.putForm(project.id, 'extra', { name: 'Extra', audience: 'child', reach: 'assigned' }));
      must(await service.forms.putForm(project.id, 'pf', { name: 'Parent form', audience: 'parent' }));
      await subscribe(service, project.id, 'child_complete', CHILD);
      const kid = user('k1', { role: 'child', parentId: 'mum' });
      await report(service, project.id, { type: 'child_added', user: kid });
      return { service, project, kid };
    }

    it('should delay completion by an assigned form, and fire once it is submitted', async () => {
      const { service, project, kid } = await setup();
      const assigned = await report(service, project.id, { type: 'form_assigned', origin: 'admin', user: kid, formId: 'extra' });
      expect(assigned.events).toEqual([]);
      expect(keysOf(await submit(service, project.id, 'cf', kid))).toEqual([]);
      expect(keysOf(await submit(service, project.id, 'extra', kid))).toEqual(['child_complete']);
    });

    it('should complete the child when the last open form is unassigned, firing child_complete with that form', async () => {
      const { service, project, kid } = await setup();
      await report(service, project.id, { type: 'form_assigned', origin: 'admin', user: kid, formId: 'extra' });
      expect(keysOf(await submit(service, project.id, 'cf', kid))).toEqual([]);
      const unassigned = await report(service, project.id, { type: 'form_unassigned', origin: 'admin', user: kid, formId: 'extra' });
      expect(keysOf(unassigned)).toEqual(['child_complete']);
      await drain(service);
      expect(bodiesTo(service, CHILD)).toEqual([
        expect.objectContaining({
          event: 'child_complete',
          user_info: { id: 'k1', username: 'k1@example.com', role: 'child', parent_id: 'mum' },
          form_info: { id: 'extra', name: 'Extra', audience: 'child', mandatory: true, assignment: 'unassigned' },
          doc: {},
          meta_info: expect.objectContaining({ activity_id: unassigned.activityId, origin: 'admin' }),
        }),
      ]);
      // The unassigned form no longer counts: another submission of the child form fires nothing.
      expect(keysOf(await submit(service, project.id, 'cf', kid))).toEqual([]);
    });

    it('should change the state but send nothing when it came through the API, and fire no stale completion later', async () => {
      const { service, project, kid } = await setup();
      await submit(service, project.id, 'extra', kid, false);
      expect(keysOf(await submit(service, project.id, 'cf', kid))).toEqual([]);
      const viaApi = await report(service, project.id, { type: 'form_unassigned', origin: 'api', user: kid, formId: 'extra' });
      expect(viaApi.events).toEqual([{ key: 'child_complete', eventId: expect.stringMatching(/^msg_/), deliveries: 0, suppressed: 'api_origin' }]);
      // The transition happened (through the API): the child is complete, and a later submission does not fire it again.
      expect(must(await service.forms.listUserForms(project.id, 'k1', { limit: 10 })).complete).toBe(true);
      expect(keysOf(await submit(service, project.id, 'cf', kid))).toEqual([]);
      await drain(service);
      expect(service.transport.sentTo(CHILD)).toHaveLength(0);
    });

    it('should refuse an unknown form or a form of another audience at formId, recording nothing', async () => {
      const { service, project, kid } = await setup();
      const id = nextId();
      expectInvalid(
        await service.reportActivity.execute(project.id, { id, type: 'form_assigned', origin: 'admin', occurredAt: service.clock.now(), user: kid, formId: 'nope' }),
        'formId',
      );
      const wrong = await service.reportActivity.execute(project.id, { id, type: 'form_unassigned', origin: 'admin', occurredAt: service.clock.now(), user: kid, formId: 'pf' });
      expectInvalid(wrong, 'formId');
      expect(wrong.kind === 'invalid' && wrong.errors[0]?.message).toBe('form pf is for parents, and this user is a child');
      // Nothing was recorded under the id: the corrected report goes through.
      const fixed = await service.reportActivity.execute(project.id, { id, type: 'form_assigned', origin: 'admin', occurredAt: service.clock.now(), user: kid, formId: 'extra' });
      expect(fixed.kind).toBe('ok');
    });

    it('should answer not_found for an unknown project', async () => {
      const { service, kid } = await setup();
      const result = await service.reportActivity.execute('prj_nope', { id: nextId(), type: 'form_assigned', origin: 'admin', occurredAt: service.clock.now(), user: kid, formId: 'extra' });
      expect(result.kind).toBe('not_found');
    });
  });

  describe("when the platform lists a user's forms", () => {
    it('should list every form of their audience by id, how it reached them, and whether they are complete', async () => {
      const { service, project } = await projectWithAdmin('family');
      for (const [id, reach] of [['a', 'audience'], ['b', 'assigned'], ['c', 'assigned'], ['d', 'audience']] as const) {
        must(await service.forms.putForm(project.id, id, { name: id.toUpperCase(), audience: 'parent', reach, mandatory: id !== 'd' }));
      }
      must(await service.forms.putForm(project.id, 'kid', { name: 'Kid', audience: 'child' }));
      must(await service.forms.putTrigger(project.id, 'start', { on: { type: 'account_created' }, addForms: ['b'] }));
      const mum = user('mum');
      await report(service, project.id, { type: 'registered', user: mum });
      await report(service, project.id, { type: 'form_unassigned', origin: 'admin', user: mum, formId: 'a' });
      await submit(service, project.id, 'b', mum);
      const listed = must(await service.forms.listUserForms(project.id, 'mum', { limit: 20 }));
      expect(listed.userId).toBe('mum');
      expect(listed.role).toBe('parent');
      expect(listed.complete).toBe(true);
      expect(listed.forms.nextCursor).toBeNull();
      expect(listed.forms.items.map((f) => [f.form.id, f.reachedBy, f.unassigned, f.complete, f.counted])).toEqual([
        ['a', null, true, false, false],
        ['b', 'account_created', false, true, true],
        ['c', null, false, false, false],
        ['d', 'audience', false, false, false],
      ]);
    });

    it('should page by id, refuse a cursor it did not give out, and answer not_found for an unknown user or project', async () => {
      const { service, project } = await projectWithAdmin('individual');
      for (const id of ['f3', 'f1', 'f2']) must(await service.forms.putForm(project.id, id, { name: id, audience: 'user' }));
      await report(service, project.id, { type: 'registered', user: user('u1') });
      const first = must(await service.forms.listUserForms(project.id, 'u1', { limit: 2 }));
      expect(first.forms.items.map((f) => f.form.id)).toEqual(['f1', 'f2']);
      const second = must(await service.forms.listUserForms(project.id, 'u1', { limit: 2, cursor: first.forms.nextCursor ?? '' }));
      expect(second.forms.items.map((f) => f.form.id)).toEqual(['f3']);
      expect(second.forms.nextCursor).toBeNull();
      await expect(service.forms.listUserForms(project.id, 'u1', { limit: 2, cursor: 'f1' })).rejects.toThrow(/cursor/);
      expect((await service.forms.listUserForms(project.id, 'nobody', { limit: 2 })).kind).toBe('not_found');
      expect((await service.forms.listUserForms('prj_nope', 'u1', { limit: 2 })).kind).toBe('not_found');
    });
  });

  describe('when activity comes through the API', () => {
    async function setup() {
      const { service, project } = await projectWithAdmin('individual');
      for (const id of ['f1', 'f2']) must(await service.forms.putForm(project.id, id, { name: id, audience: 'user' }));
      await subscribe(service, project.id, 'user_complete', COMPLETE);
      await subscribe(service, project.id, 'user_registered', 'https://hooks.example.com/registered');
      await subscribe(service, project.id, 'form_submitted', 'https://hooks.example.com/submitted');
      return { service, project };
    }
    const viaApi = (service: InMemoryService, projectId: string, formId: string) =>
      service.interactions.execute(projectId, { id: nextId(), moment: 'submission', origin: 'api', occurredAt: service.clock.now(), formId, user: user('u1'), doc: {}, complete: true });

    it('should update completion and registration state but fire nothing', async () => {
      const { service, project } = await setup();
      const registered = await report(service, project.id, { type: 'registered', origin: 'api', user: user('u1') });
      expect(registered.events).toEqual([expect.objectContaining({ key: 'user_registered', deliveries: 0, suppressed: 'api_origin' })]);
      must(await viaApi(service, project.id, 'f1'));
      const completing = must(await viaApi(service, project.id, 'f2'));
      expect(completing.events.map((e) => [e.key, e.deliveries, e.suppressed])).toEqual([
        ['form_submit_f2', 0, undefined],
        ['form_submitted', 0, 'api_origin'],
        ['user_complete', 0, 'api_origin'],
      ]);
      expect(must(await service.forms.listUserForms(project.id, 'u1', { limit: 10 })).complete).toBe(true);
      expect(await drain(service)).toBe(0);
    });

    it('should count the transition it made: a later registration or submission fires no stale event, a new completion does', async () => {
      const { service, project } = await setup();
      await report(service, project.id, { type: 'registered', origin: 'api', user: user('u1') });
      must(await viaApi(service, project.id, 'f1'));
      must(await viaApi(service, project.id, 'f2'));
      expect(keysOf(await report(service, project.id, { type: 'registered', user: user('u1') }))).toEqual([]);
      expect(keysOf(await submit(service, project.id, 'f1'))).toEqual(['form_submitted']);
      // New forms make the user incomplete (a falling edge); completing them through the applicant fires.
      must(await service.forms.putForm(project.id, 'f3', { name: 'f3', audience: 'user' }));
      expect(keysOf(await submit(service, project.id, 'f3'))).toEqual(['form_submitted', 'user_complete']);
      await drain(service);
      expect(service.transport.sentTo(COMPLETE)).toHaveLength(1);
      expect(service.transport.sentTo('https://hooks.example.com/registered')).toHaveLength(0);
    });
  });
});
