import { describe, expect, it } from '@jest/globals';
import type { InMemoryService } from '../testing/in-memory-service.js';
import { must, projectWithAdmin, report, subscribe, user } from './fixtures.spec-helper.js';

async function withForms(ids: readonly string[]) {
  const ctx = await projectWithAdmin();
  for (const id of ids) must(await ctx.service.forms.putForm(ctx.project.id, id, { name: `Form ${id}`, audience: 'user' }));
  return ctx;
}

const submit = (service: InMemoryService, projectId: string, id: string, formId: string) =>
  service.interactions.execute(projectId, { id, moment: 'submission', origin: 'applicant', formId, user: user('u1'), doc: {}, complete: true });

describe('FormAdministration', () => {
  describe('deleteForm', () => {
    it('should delete a form nothing uses; a second delete finds nothing', async () => {
      const { service, project } = await withForms(['f1', 'f2']);
      expect(await service.forms.deleteForm(project.id, 'f1')).toEqual({ kind: 'ok', value: null });
      expect(must(await service.forms.listForms(project.id)).map((f) => f.id)).toEqual(['f2']);
      expect(await service.forms.deleteForm(project.id, 'f1')).toEqual({ kind: 'not_found', what: 'form' });
      expect(await service.forms.deleteForm('prj_nope', 'f2')).toEqual({ kind: 'not_found', what: 'project' });
    });

    it('should refuse while webhooks (enabled or not) or triggers use it, naming them, and keep it', async () => {
      const { service, project } = await withForms(['f1', 'f2', 'f3']);
      const submit1 = await subscribe(service, project.id, 'form_submit_f1', 'https://a.example.com/submit');
      const load1 = await subscribe(service, project.id, 'form_load_f1', 'https://a.example.com/load', { enabled: false });
      await subscribe(service, project.id, 'form_submit_f2', 'https://a.example.com/other');
      must(await service.forms.putTrigger(project.id, 'adds', { on: { type: 'account_created' }, addForms: ['f3', 'f1'] }));
      must(await service.forms.putTrigger(project.id, 'follows', { on: { type: 'form_submitted', formId: 'f1' }, addForms: ['f3'] }));
      must(await service.forms.putTrigger(project.id, 'unrelated', { on: { type: 'account_created' }, addForms: ['f3'] }));
      const refused = await service.forms.deleteForm(project.id, 'f1');
      expect(refused).toEqual({
        kind: 'conflict',
        reason: 'form_in_use',
        inUseBy: { webhooks: [submit1.id, load1.id], triggers: ['adds', 'follows'] },
        message: `form f1 is still used by webhooks ${submit1.id} (form_submit_f1), ${load1.id} (form_load_f1) and triggers adds, follows: delete them (or change them to leave this form out) first`,
      });
      expect(must(await service.forms.listForms(project.id)).map((f) => f.id)).toEqual(['f1', 'f2', 'f3']);
      const byTrigger = await service.forms.deleteForm(project.id, 'f3');
      expect(byTrigger).toMatchObject({ kind: 'conflict', inUseBy: { webhooks: [], triggers: ['adds', 'follows', 'unrelated'] } });
    });

    it("should take the form out of users' completion: what is left decides, and a form made again starts afresh", async () => {
      const { service, project } = await withForms(['f1', 'f2']);
      must(await service.forms.putTrigger(project.id, 'start', { on: { type: 'account_created' }, addForms: ['f1', 'f2'] }));
      await subscribe(service, project.id, 'user_complete', 'https://a.example.com/complete');
      await report(service, project.id, { type: 'registered', user: user('u1') });
      expect(must(await submit(service, project.id, 's1', 'f1')).events.map((e) => e.key)).not.toContain('user_complete');
      must(await service.forms.deleteTrigger(project.id, 'start'));
      must(await service.forms.deleteForm(project.id, 'f2'));
      const [state] = await service.storage.users.load(project.id, ['u1']);
      expect(state?.assignments.map((a) => a.formId)).toEqual(['f1']);
      // Completion is evaluated on submissions: the next one finds the user complete.
      expect(must(await submit(service, project.id, 's2', 'f1')).events.map((e) => e.key)).toContain('user_complete');
      must(await service.forms.putForm(project.id, 'f2', { name: 'Form f2 again', audience: 'user' }));
      const [again] = await service.storage.users.load(project.id, ['u1']);
      expect(again?.assignments.map((a) => a.formId)).toEqual(['f1']);
    });
  });

  describe('listTriggers and deleteTrigger', () => {
    it("should list a project's triggers by id and delete one, leaving the forms it assigned", async () => {
      const { service, project } = await withForms(['f1']);
      const a = must(await service.forms.putTrigger(project.id, 'b-trigger', { on: { type: 'account_created' }, addForms: ['f1'] }));
      const b = must(await service.forms.putTrigger(project.id, 'a-trigger', { on: { type: 'form_submitted', formId: 'f1', when: { x: 1 } }, addForms: ['f1'] }));
      await report(service, project.id, { type: 'registered', user: user('u1') });
      expect(await service.forms.listTriggers(project.id)).toEqual({ kind: 'ok', value: [b, a] });
      expect(await service.forms.deleteTrigger(project.id, 'b-trigger')).toEqual({ kind: 'ok', value: null });
      expect(must(await service.forms.listTriggers(project.id))).toEqual([b]);
      expect(await service.forms.deleteTrigger(project.id, 'b-trigger')).toEqual({ kind: 'not_found', what: 'trigger' });
      expect(await service.forms.listTriggers('prj_nope')).toEqual({ kind: 'not_found', what: 'project' });
      const [state] = await service.storage.users.load(project.id, ['u1']);
      expect(state?.assignments.map((x) => x.formId)).toEqual(['f1']);
    });
  });
});
