import { settled } from '@webhooks/test-kit';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { E2e } from './support/service.js';
import { newProject, startE2e, subscribe, uid } from './support/service.js';

let e2e: E2e;
beforeAll(async () => {
  e2e = await startE2e();
}, 60_000);
afterAll(async () => {
  await e2e.stop();
});

type Project = Awaited<ReturnType<typeof newProject>>;
type Events = { events: { key: string; deliveries: number; suppressed?: string }[] };
const now = () => new Date().toISOString();
const user = (id: string, extra: Record<string, unknown> = {}) => ({ id, username: `${id}@example.com`, ...extra });

/** Reports an activity (origin applicant unless said); answers the HTTP answer. */
function report(project: Project, activity: Record<string, unknown>) {
  return project.platform.post<Events & { errors?: { path: string; message: string }[] }>(`${project.base}/activities`, {
    id: uid('act'),
    origin: 'applicant',
    occurredAt: now(),
    ...activity,
  });
}

/** Posts a submission (origin applicant, complete unless said); answers the HTTP answer. */
function submit(project: Project, formId: string, who: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  return project.platform.post<Record<string, unknown>>(`${project.base}/forms/${formId}/submissions`, {
    id: uid('sub'),
    origin: 'applicant',
    user: who,
    doc: {},
    complete: true,
    ...extra,
  });
}

async function forms(project: Project, list: [id: string, audience: 'user' | 'parent' | 'child', extra?: Record<string, unknown>][]) {
  for (const [id, audience, extra] of list) {
    const res = await project.platform.put(`${project.base}/forms/${id}`, { name: `Form ${id}`, audience, ...extra });
    expect(res.status).toBe(200);
  }
}


const keys = (answer: { body: Events }) => answer.body.events.filter((e) => e.deliveries > 0).map((e) => e.key);

describe('completion end to end', () => {
  describe('when two mandatory forms reach every applicant and no trigger exists', () => {
    it('should deliver user_complete once, after the second form, not the first', async () => {
      const p = await newProject(e2e);
      await forms(p, [['a', 'user'], ['b', 'user'], ['opt', 'user', { mandatory: false }]]);
      await subscribe(e2e, p, 'user_complete', '/two-forms');
      expect((await report(p, { type: 'registered', user: user('ann') })).status).toBe(202);
      expect((await submit(p, 'a', user('ann'))).status).toBe(200);
      expect((await submit(p, 'opt', user('ann'))).status).toBe(200);
      await settled(p);
      expect(e2e.receiver.at('/two-forms')).toHaveLength(0);
      expect((await submit(p, 'b', user('ann'))).status).toBe(200);
      const [delivered] = await e2e.receiver.waitFor('/two-forms', 1);
      expect(delivered?.verified).toBe(true);
      expect(delivered?.json).toMatchObject({ event: 'user_complete', user_info: { id: 'ann' }, form_info: { id: 'b' } });
      await settled(p);
      expect(e2e.receiver.at('/two-forms')).toHaveLength(1);
    });
  });

  describe('when the platform assigns and unassigns forms of one child', () => {
    it('should delay completion by an assigned form, complete the child when it is unassigned, and list the forms as they stand', async () => {
      const p = await newProject(e2e, 'family');
      await forms(p, [['medical', 'child'], ['waiver', 'child', { reach: 'assigned' }], ['household', 'parent']]);
      const put = await p.platform.put<{ reach: string }>(`${p.base}/forms/waiver`, { name: 'Waiver', audience: 'child', reach: 'assigned' });
      expect(put.body.reach).toBe('assigned');
      await subscribe(e2e, p, 'child_complete', '/kid-complete');
      const kid = user('kid', { role: 'child', parentId: 'mum' });
      expect((await report(p, { type: 'child_added', user: kid })).status).toBe(202);
      const assigned = await report(p, { type: 'form_assigned', origin: 'admin', user: kid, formId: 'waiver' });
      expect(assigned.status).toBe(202);
      expect(assigned.body.events).toEqual([]);
      expect((await submit(p, 'medical', kid)).status).toBe(200);
      await settled(p);
      expect(e2e.receiver.at('/kid-complete')).toHaveLength(0);

      const listed = await p.platform.get<{ complete: boolean; role: string; items: { id: string; reachedBy: string | null; complete: boolean }[] }>(
        `${p.base}/users/kid/forms`,
      );
      expect(listed.status).toBe(200);
      expect(listed.body).toMatchObject({ role: 'child', complete: false });
      expect(listed.body.items.map((f) => [f.id, f.reachedBy, f.complete])).toEqual([
        ['medical', 'audience', true],
        ['waiver', 'platform', false],
      ]);

      const unassigned = await report(p, { type: 'form_unassigned', origin: 'admin', user: kid, formId: 'waiver' });
      expect(unassigned.status).toBe(202);
      expect(keys(unassigned)).toEqual(['child_complete']);
      const [delivered] = await e2e.receiver.waitFor('/kid-complete', 1);
      expect(delivered?.verified).toBe(true);
      expect(delivered?.json).toMatchObject({
        event: 'child_complete',
        user_info: { id: 'kid', role: 'child', parent_id: 'mum' },
        form_info: { id: 'waiver', assignment: 'unassigned' },
        doc: {},
      });
      const after = await p.platform.get<{ complete: boolean; items: { id: string; unassigned: boolean }[] }>(`${p.base}/users/kid/forms`);
      expect(after.body.complete).toBe(true);
      expect(after.body.items.find((f) => f.id === 'waiver')?.unassigned).toBe(true);
    });

    it('should refuse a form of another audience or an unknown form at formId, and answer 404 for a user never seen', async () => {
      const p = await newProject(e2e, 'family');
      await forms(p, [['household', 'parent']]);
      const kid = user('kid2', { role: 'child', parentId: 'mum' });
      await report(p, { type: 'child_added', user: kid });
      const wrong = await report(p, { type: 'form_assigned', origin: 'admin', user: kid, formId: 'household' });
      expect(wrong.status).toBe(422);
      expect(wrong.headers.get('content-type')).toContain('application/problem+json');
      expect(wrong.body.errors).toEqual([{ path: 'formId', message: 'form household is for parents, and this user is a child' }]);
      const unknown = await report(p, { type: 'form_unassigned', origin: 'admin', user: kid, formId: 'nope' });
      expect(unknown.status).toBe(422);
      expect(unknown.body.errors).toEqual([{ path: 'formId', message: 'unknown form nope' }]);
      expect((await p.platform.get(`${p.base}/users/stranger/forms`)).status).toBe(404);
    });
  });

  describe("when a form is sent for a user outside its audience", () => {
    it('should refuse a child form for a parent and a parent form for a child with 422 at user.role, in submissions, preprocess and load', async () => {
      const p = await newProject(e2e, 'family');
      await forms(p, [['cf', 'child'], ['pf', 'parent']]);
      await subscribe(e2e, p, 'form_preprocess', '/audience-pre');
      await subscribe(e2e, p, 'child_complete', '/audience-child');
      await subscribe(e2e, p, 'user_complete', '/audience-user');
      const kid = user('kid3', { role: 'child', parentId: 'dad' });
      await report(p, { type: 'child_added', user: kid });
      await report(p, { type: 'registered', user: user('dad') });

      const childFormForParent = await submit(p, 'cf', user('dad'));
      expect(childFormForParent.status).toBe(422);
      expect(childFormForParent.headers.get('content-type')).toContain('application/problem+json');
      expect(childFormForParent.body['errors']).toEqual([{ path: 'user.role', message: 'form cf is for children, and this user is a parent' }]);
      // The child is known as a child: a parent form for them is refused even when the request names no role.
      const parentFormForChild = await submit(p, 'pf', user('kid3'));
      expect(parentFormForChild.body['errors']).toEqual([{ path: 'user.role', message: 'form pf is for parents, and this user is a child' }]);
      for (const moment of ['preprocess', 'load']) {
        const refused = await p.platform.post<{ errors: unknown[] }>(`${p.base}/forms/cf/${moment}`, { id: uid(moment), origin: 'applicant', user: user('dad'), doc: {} });
        expect([moment, refused.status, refused.body.errors]).toEqual([moment, 422, [{ path: 'user.role', message: 'form cf is for children, and this user is a parent' }]]);
      }

      expect((await submit(p, 'cf', kid)).status).toBe(200);
      expect((await submit(p, 'pf', user('dad'))).status).toBe(200);
      const [child] = await e2e.receiver.waitFor('/audience-child', 1);
      const [parent] = await e2e.receiver.waitFor('/audience-user', 1);
      await settled(p);
      expect(e2e.receiver.at('/audience-pre')).toHaveLength(0);
      expect(e2e.receiver.at('/audience-child')).toHaveLength(1);
      expect(e2e.receiver.at('/audience-user')).toHaveLength(1);
      expect(child?.json).toMatchObject({ event: 'child_complete', user_info: { id: 'kid3', role: 'child' }, form_info: { id: 'cf' } });
      expect(parent?.json).toMatchObject({ event: 'user_complete', user_info: { id: 'dad' }, form_info: { id: 'pf' } });
    });

    it('should accept a user form for anyone in an individual system', async () => {
      const p = await newProject(e2e);
      await forms(p, [['only', 'user']]);
      await subscribe(e2e, p, 'user_complete', '/individual-any');
      expect((await submit(p, 'only', user('solo', { role: 'child', parentId: 'x' }))).status).toBe(200);
      const [got] = await e2e.receiver.waitFor('/individual-any', 1);
      expect(got?.json).toMatchObject({ event: 'user_complete', user_info: { id: 'solo' } });
    });
  });

  describe('when one hook stops and another patches', () => {
    type Decision = { proceed: boolean; patch: Record<string, unknown>; messages: { text: string }[]; conflicts: { webhookId: string; reason: string }[] };

    it('should stop a preprocess, drop the patch and record the conflict, as when one hook answers both', async () => {
      const p = await newProject(e2e);
      await forms(p, [['pp', 'user']]);
      await subscribe(e2e, p, 'form_preprocess', '/stop-pre');
      const patcher = await subscribe(e2e, p, 'form_preprocess_pp', '/patch-pre');
      e2e.receiver.behave('/stop-pre', { kind: 'reply', status: 200, body: { msg: 'Not yet', msg_type: 'error' } });
      e2e.receiver.behave('/patch-pre', { kind: 'reply', status: 200, body: { jdoc: { name: 'Patched' } } });
      const res = await p.platform.post<Decision>(`${p.base}/forms/pp/preprocess`, { id: uid('pre'), origin: 'applicant', user: user('pre-u'), doc: { name: 'as sent' } });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ proceed: false, patch: {}, messages: [{ text: 'Not yet' }] });
      expect(res.body.conflicts).toEqual([{ webhookId: patcher.id, reason: expect.stringMatching(/^the decision stops .*: its jdoc was dropped$/) }]);
      expect(e2e.receiver.at('/patch-pre')).toHaveLength(1);
    });

    it('should drop the patch of form_submit_{form}, and what follows the submission carries the form as sent', async () => {
      const p = await newProject(e2e);
      await forms(p, [['sp', 'user']]);
      await subscribe(e2e, p, 'form_submit_sp', '/stop-submit');
      const patcher = await subscribe(e2e, p, 'form_submit_sp', '/patch-submit');
      await subscribe(e2e, p, 'form_submitted', '/stop-submitted');
      e2e.receiver.behave('/stop-submit', { kind: 'reply', status: 200, body: { msg: 'Refused', msg_type: 'error' } });
      e2e.receiver.behave('/patch-submit', { kind: 'reply', status: 200, body: { jdoc: { name: 'Patched' } } });
      const res = await submit(p, 'sp', user('sub-u'), { doc: { name: 'as sent' } });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ proceed: false, patch: {} });
      expect(res.body['conflicts']).toEqual([{ webhookId: patcher.id, reason: expect.stringMatching(/its jdoc was dropped$/) }]);
      const [submitted] = await e2e.receiver.waitFor('/stop-submitted', 1);
      expect(submitted?.json).toMatchObject({ event: 'form_submitted', doc: { name: 'as sent' } });
    });
  });

  describe('when form_submit_{form} patches the form and the decision proceeds', () => {
    it('should deliver form_submitted, user_complete and child_complete carrying the form as saved', async () => {
      const individual = await newProject(e2e);
      await forms(individual, [['pi', 'user']]);
      await subscribe(e2e, individual, 'form_submit_pi', '/patch-i');
      await subscribe(e2e, individual, 'form_submitted', '/patched-submitted');
      await subscribe(e2e, individual, 'user_complete', '/patched-user');
      e2e.receiver.behave('/patch-i', { kind: 'reply', status: 200, body: { msg: 'Thanks', msg_type: 'success', jdoc: { phone: '+44 20 7946 0000' } } });
      const res = await submit(individual, 'pi', user('pat'), { doc: { phone: '020 7946 0000', name: 'Pat' } });
      expect(res.body).toMatchObject({ proceed: true, patch: { phone: '+44 20 7946 0000' } });
      const saved = { phone: '+44 20 7946 0000', name: 'Pat' };
      const [hook] = e2e.receiver.at('/patch-i');
      expect(hook?.json).toMatchObject({ doc: { phone: '020 7946 0000', name: 'Pat' } });
      for (const [path, event] of [['/patched-submitted', 'form_submitted'], ['/patched-user', 'user_complete']] as const) {
        const [got] = await e2e.receiver.waitFor(path, 1);
        expect(got?.verified).toBe(true);
        expect(got?.json).toMatchObject({ event, doc: saved });
      }

      const family = await newProject(e2e, 'family');
      await forms(family, [['pc', 'child']]);
      await subscribe(e2e, family, 'form_submit_pc', '/patch-c');
      await subscribe(e2e, family, 'child_complete', '/patched-child');
      e2e.receiver.behave('/patch-c', { kind: 'reply', status: 200, body: { jdoc: { allergies: 'none known' } } });
      expect((await submit(family, 'pc', user('kit', { role: 'child', parentId: 'pa' }), { doc: { allergies: '' } })).status).toBe(200);
      const [child] = await e2e.receiver.waitFor('/patched-child', 1);
      expect(child?.json).toMatchObject({ event: 'child_complete', user_info: { id: 'kit' }, doc: { allergies: 'none known' } });
    });
  });

  describe('when registrations and submissions come through the API', () => {
    it('should update registration and completion state but send nothing, and fire no stale event afterwards', async () => {
      const p = await newProject(e2e);
      await forms(p, [['x1', 'user'], ['x2', 'user']]);
      await subscribe(e2e, p, 'user_registered', '/api-registered');
      await subscribe(e2e, p, 'form_submitted', '/api-submitted');
      await subscribe(e2e, p, 'user_complete', '/api-complete');
      const registered = await report(p, { type: 'registered', origin: 'api', user: user('apiu') });
      expect(registered.body.events).toEqual([{ key: 'user_registered', deliveries: 0, suppressed: 'api_origin' }]);
      expect((await submit(p, 'x1', user('apiu'), { origin: 'api' })).body).toMatchObject({ proceed: true });
      expect((await submit(p, 'x2', user('apiu'), { origin: 'api' })).status).toBe(200);
      const state = await p.platform.get<{ complete: boolean }>(`${p.base}/users/apiu/forms`);
      expect(state.body.complete).toBe(true);

      // The same user acting on their own: a repeat registration and a new submission fire no stale user_registered / user_complete.
      expect((await report(p, { type: 'registered', user: user('apiu') })).body.events).toEqual([]);
      expect((await submit(p, 'x1', user('apiu'))).status).toBe(200);
      await e2e.receiver.waitFor('/api-submitted', 1);
      // A form added later makes the user incomplete; completing it fires user_complete, once.
      await forms(p, [['x3', 'user']]);
      expect((await submit(p, 'x3', user('apiu'))).status).toBe(200);
      await e2e.receiver.waitFor('/api-complete', 1);
      await settled(p);
      expect(e2e.receiver.at('/api-registered')).toHaveLength(0);
      expect(e2e.receiver.at('/api-submitted').map((r) => (r.json['form_info'] as { id: string }).id)).toEqual(['x1', 'x3']);
      expect(e2e.receiver.at('/api-complete').map((r) => (r.json['form_info'] as { id: string }).id)).toEqual(['x3']);
      const log = await p.admin.get<{ items: { status: string; suppressedReason?: string | null }[] }>(`${p.base}/deliveries?event=user_complete`);
      expect(log.body.items.map((d) => [d.status, d.suppressedReason ?? null])).toEqual([
        ['succeeded', null],
        ['suppressed', 'api_origin'],
      ]);
    });
  });
});
