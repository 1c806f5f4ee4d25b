import { describe, expect, it } from '@jest/globals';
import type { FormInteraction } from '../model/activity.js';
import type { InMemoryService } from '../testing/in-memory-service.js';
import { drain, must, projectWithAdmin, report, subscribe, user } from './fixtures.spec-helper.js';

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
});
