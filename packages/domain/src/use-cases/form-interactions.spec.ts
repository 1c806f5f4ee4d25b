import { describe, expect, it, jest } from '@jest/globals';
import type { FormInteraction } from '../model/activity.js';
import { answer, failure } from '../testing/scripted-transport.js';
import type { InMemoryService } from '../testing/in-memory-service.js';
import { CLOSED_FAILURE_MESSAGE } from '../interactive/combine-decision.js';
import { bodiesTo, drain, must, projectWithAdmin, subscribe, user } from './fixtures.spec-helper.js';

const A = 'https://a.example.com/hook';
const B = 'https://b.example.com/hook';
let n = 0;

async function setup() {
  const ctx = await projectWithAdmin('individual');
  must(await ctx.service.forms.putForm(ctx.project.id, '42', { name: 'Form 42', audience: 'user' }));
  return ctx;
}

function interact(service: InMemoryService, projectId: string, moment: FormInteraction['moment'], extra: Partial<FormInteraction> = {}) {
  return service.interactions.execute(projectId, {
    id: `i-${(n += 1)}`,
    moment,
    origin: 'applicant',
    occurredAt: service.clock.now(),
    formId: '42',
    user: user('u1'),
    doc: { name: 'x' },
    ...(moment === 'submission' ? { complete: true } : {}),
    ...extra,
  });
}

describe('FormInteractions', () => {
  describe('when subscribers are called', () => {
    it('should send in the interactive lane, which a transport never queues behind queued deliveries', async () => {
      const { service, project } = await setup();
      await subscribe(service, project.id, 'form_preprocess', A);
      await subscribe(service, project.id, 'form_submit_42', B);
      must(await interact(service, project.id, 'preprocess'));
      must(await interact(service, project.id, 'submission'));
      expect(service.transport.requests.map((r) => [r.url, r.lane])).toEqual([
        [A, 'interactive'],
        [B, 'interactive'],
      ]);
    });
  });

  describe('when a submission does not say whether it completes the form', () => {
    it('should refuse it naming complete, calling and recording nothing', async () => {
      const { service, project } = await setup();
      await subscribe(service, project.id, 'form_submit_42', A);
      await subscribe(service, project.id, 'form_submitted', B);
      // A caller without the static types (JSON) may leave it out.
      const { complete: _complete, ...submission } = { id: 'no-complete', moment: 'submission' as const, origin: 'applicant' as const, occurredAt: service.clock.now(), formId: '42', user: user('u1'), doc: {}, complete: true };
      const result = await service.interactions.execute(project.id, submission);
      expect(result).toEqual({ kind: 'invalid', errors: [{ path: 'complete', message: expect.stringContaining('is required on a submission') }] });
      expect(service.transport.sentTo(A)).toEqual([]);
      expect(await service.storage.activities.find(project.id, 'submission:no-complete')).toBeNull();
      await drain(service);
      expect(service.transport.sentTo(B)).toEqual([]);
    });
  });

  describe('when a form_preprocess subscriber answers with an error', () => {
    it('should stop the submission and show the error', async () => {
      const { service, project } = await setup();
      await subscribe(service, project.id, 'form_preprocess', A);
      service.transport.script(A, answer(200, { msg: 'Age must be over 18', msg_type: 'error' }));
      const { decision } = must(await interact(service, project.id, 'preprocess'));
      expect(decision.proceed).toBe(false);
      expect(decision.messages).toEqual([{ text: 'Age must be over 18', type: 'error', webhookId: expect.any(String) }]);
    });
  });

  describe('when a preprocess answer has both an error and a jdoc', () => {
    it('should treat it as an error, drop the jdoc and record the conflict', async () => {
      const { service, project } = await setup();
      await subscribe(service, project.id, 'form_preprocess_42', A);
      service.transport.script(A, answer(200, { msg: 'No', msg_type: 'error', jdoc: { name: 'y' } }));
      const { decision } = must(await interact(service, project.id, 'preprocess'));
      expect(decision.proceed).toBe(false);
      expect(decision.patch).toEqual({});
      expect(decision.conflicts.length).toBeGreaterThan(0);
    });
  });

  describe('when both form_preprocess and form_preprocess_{form} have subscribers', () => {
    it('should call both and combine them in creation order, a later one winning a field', async () => {
      const { service, project } = await setup();
      const first = await subscribe(service, project.id, 'form_preprocess_42', A);
      service.clock.advance(1);
      const second = await subscribe(service, project.id, 'form_preprocess', B);
      service.transport.script(A, answer(200, { msg: 'one', jdoc: { f: 1 } }));
      service.transport.script(B, answer(200, { msg: 'two', msg_type: 'info', jdoc: { f: 2 } }));
      const { decision } = must(await interact(service, project.id, 'preprocess'));
      expect(decision.messages.map((m) => [m.text, m.webhookId])).toEqual([['one', first.id], ['two', second.id]]);
      expect(decision.messages[1]?.type).toBe('information');
      expect(decision.patch).toEqual({ f: 2 });
      expect(decision.conflicts).toEqual([expect.objectContaining({ webhookId: second.id, field: 'f' })]);
    });
  });

  describe('when form_submit_{form} answers with a patch and a redirect', () => {
    it('should return them in the decision and queue form_submitted', async () => {
      const { service, project } = await setup();
      await subscribe(service, project.id, 'form_submit_42', A);
      await subscribe(service, project.id, 'form_submitted', B);
      service.transport.script(A, answer(200, { jdoc: { name: 'fixed' }, redirect: 'https://example.com/next', focus_on: 'name' }));
      const outcome = must(await interact(service, project.id, 'submission'));
      expect(outcome.decision).toMatchObject({ proceed: true, patch: { name: 'fixed' }, redirect: 'https://example.com/next', focusOn: 'name' });
      expect(await drain(service)).toBe(1);
      expect(service.transport.sentTo(B)).toHaveLength(1);
    });
  });

  describe('when form_submit_{form} patches the form and the decision proceeds', () => {
    it('should queue form_submitted and child_complete carrying the form as saved, and match triggers on it', async () => {
      const { service, project } = await projectWithAdmin('family');
      must(await service.forms.putForm(project.id, 'cf', { name: 'Child form', audience: 'child' }));
      must(await service.forms.putForm(project.id, 'extra', { name: 'Extra', audience: 'child', reach: 'assigned' }));
      must(await service.forms.putTrigger(project.id, 'more', { on: { type: 'form_submitted', formId: 'cf', when: { sport: 'hockey' } }, addForms: ['extra'] }));
      await subscribe(service, project.id, 'form_submit_cf', A);
      for (const key of ['form_submitted', 'child_complete']) await subscribe(service, project.id, key, `https://hooks.example.com/${key}`);
      service.transport.script(A, answer(200, { msg: 'Saved', msg_type: 'success', jdoc: { sport: 'chess', size: 'M' } }));
      const kid = user('k1', { role: 'child', parentId: 'mum' });
      const outcome = must(await interact(service, project.id, 'submission', { formId: 'cf', user: kid, doc: { sport: 'hockey', name: 'Kim' } }));
      expect(outcome.decision).toMatchObject({ proceed: true, patch: { sport: 'chess', size: 'M' } });
      // The hook saw the form as sent; what follows sees it as saved (the trigger on hockey no longer matches: complete).
      expect(JSON.parse(service.transport.sentTo(A)[0]?.body ?? '{}')).toMatchObject({ doc: { sport: 'hockey', name: 'Kim' } });
      await drain(service);
      const saved = { sport: 'chess', size: 'M', name: 'Kim' };
      for (const key of ['form_submitted', 'child_complete']) {
        expect(bodiesTo(service, `https://hooks.example.com/${key}`)).toEqual([expect.objectContaining({ event: key, doc: saved })]);
      }
    });
  });

  describe('when form_load_{form} answers with a redirect', () => {
    it('should honour it, and queue form_viewed_{form} only after the load hook answered', async () => {
      const { service, project } = await setup();
      await subscribe(service, project.id, 'form_load_42', A);
      await subscribe(service, project.id, 'form_viewed_42', B);
      service.transport.script(A, answer(200, { redirect: 'https://example.com/elsewhere' }));
      const outcome = must(await interact(service, project.id, 'load'));
      expect(outcome.decision.redirect).toBe('https://example.com/elsewhere');
      await drain(service);
      const order = service.transport.requests.map((r) => r.url);
      expect(order).toEqual([A, B]);
    });
  });

  describe('when a subscriber fails', () => {
    it('should go on without it under the open policy and record the failure', async () => {
      const { service, project } = await setup();
      const sub = await subscribe(service, project.id, 'form_preprocess', A, { failurePolicy: 'open' });
      service.transport.script(A, failure('timeout'));
      const { decision } = must(await interact(service, project.id, 'preprocess'));
      expect(decision.proceed).toBe(true);
      expect(decision.failures).toEqual([{ webhookId: sub.id, reason: expect.stringContaining('timeout') }]);
    });

    it('should stop with a generic message under the closed policy', async () => {
      const { service, project } = await setup();
      await subscribe(service, project.id, 'form_preprocess', A, { failurePolicy: 'closed' });
      service.transport.script(A, answer(500, 'boom'));
      const { decision } = must(await interact(service, project.id, 'preprocess'));
      expect(decision.proceed).toBe(false);
      expect(decision.messages).toEqual([{ text: CLOSED_FAILURE_MESSAGE, type: 'error', webhookId: null }]);
    });

    it('should count an invalid answer as a failure and log the call like a delivery attempt', async () => {
      const { service, project } = await setup();
      await subscribe(service, project.id, 'form_preprocess', A);
      service.transport.script(A, answer(200, 'not json'));
      const { decision } = must(await interact(service, project.id, 'preprocess'));
      expect(decision.failures).toHaveLength(1);
      expect(service.storage.allAttempts()).toEqual([expect.objectContaining({ errorClass: 'invalid_response', succeeded: false })]);
    });
  });

  describe('when the interaction comes from the API', () => {
    it('should call no webhook and return a plain proceed', async () => {
      const { service, project } = await setup();
      await subscribe(service, project.id, 'form_preprocess', A);
      service.transport.script(A, answer(200, { msg: 'x', msg_type: 'error' }));
      const { decision } = must(await interact(service, project.id, 'preprocess', { origin: 'api' }));
      expect(decision.proceed).toBe(true);
      expect(service.transport.requests).toHaveLength(0);
    });
  });

  describe('when the project has no API admin', () => {
    it('should call nothing and record the calls as suppressed', async () => {
      const { service, project, admin } = await setup();
      await subscribe(service, project.id, 'form_preprocess', A);
      must(await service.projects.updateAdmin(project.id, admin.id, { apiAdmin: false }));
      const outcome = must(await interact(service, project.id, 'preprocess'));
      expect(outcome.decision.proceed).toBe(true);
      expect(service.transport.requests).toHaveLength(0);
      expect(service.storage.allDeliveries()).toEqual([expect.objectContaining({ status: 'suppressed', suppressedReason: 'no_api_admin' })]);
    });
  });

  describe('when the same interaction id comes again', () => {
    it('should answer the stored decision without calling again', async () => {
      const { service, project } = await setup();
      await subscribe(service, project.id, 'form_preprocess', A);
      const first = must(await interact(service, project.id, 'preprocess', { id: 'same' }));
      const second = must(await interact(service, project.id, 'preprocess', { id: 'same' }));
      expect(second).toEqual(first);
      expect(service.transport.requests).toHaveLength(1);
    });
  });

  describe('when the same interaction id comes again while the first is still running', () => {
    it('should call the subscribers once and answer both the same', async () => {
      const { service, project } = await setup();
      await subscribe(service, project.id, 'form_preprocess', A);
      let release = () => {};
      const held = new Promise<void>((resolve) => (release = resolve));
      service.transport.script(A, async () => {
        await held;
        return answer(200, { msg: 'checked', msg_type: 'information' });
      });
      const first = interact(service, project.id, 'preprocess', { id: 'double-click' });
      await new Promise((resolve) => setTimeout(resolve, 10));
      const second = interact(service, project.id, 'preprocess', { id: 'double-click' });
      release();
      const [a, b] = (await Promise.all([first, second])).map(must);
      expect(b).toEqual(a);
      expect(a?.decision.messages.map((m) => m.text)).toEqual(['checked']);
      expect(service.transport.sentTo(A)).toHaveLength(1);
      // Another moment with the same id is another interaction.
      must(await interact(service, project.id, 'load', { id: 'double-click' }));
      expect(service.storage.allDeliveries().filter((d) => d.eventKey === 'form_preprocess')).toHaveLength(1);
    });
  });

  describe("when the form is not for the user's audience", () => {
    async function family() {
      const ctx = await projectWithAdmin('family');
      must(await ctx.service.forms.putForm(ctx.project.id, 'cf', { name: 'Child form', audience: 'child' }));
      must(await ctx.service.forms.putForm(ctx.project.id, 'pf', { name: 'Parent form', audience: 'parent' }));
      for (const key of ['form_load_cf', 'form_preprocess', 'form_submit_cf', 'form_submit_pf', 'form_submitted', 'user_complete', 'child_complete']) {
        await subscribe(ctx.service, ctx.project.id, key, `https://hooks.example.com/${key}`);
      }
      return ctx;
    }
    const kid = user('k1', { role: 'child', parentId: 'mum' });

    it.each(['load', 'preprocess', 'submission'] as const)('should refuse a child form for a parent at %s, at user.role, calling and recording nothing', async (moment) => {
      const { service, project } = await family();
      const refused = await interact(service, project.id, moment, { formId: 'cf', user: user('mum') });
      expect(refused).toEqual({ kind: 'invalid', errors: [{ path: 'user.role', message: 'form cf is for children, and this user is a parent' }] });
      expect(service.transport.requests).toEqual([]);
      expect((await service.storage.deliveries.list(project.id, {}, { limit: 10 })).items).toEqual([]);
      expect(await service.storage.users.load(project.id, ['mum'])).toEqual([]);
    });

    it('should refuse a parent form for a child the service knows, even when the request names no role', async () => {
      const { service, project } = await family();
      must(await service.reportActivity.execute(project.id, { id: 'add-k1', type: 'child_added', origin: 'applicant', occurredAt: service.clock.now(), user: kid }));
      const refused = await interact(service, project.id, 'submission', { formId: 'pf', user: user('k1') });
      expect(refused.kind === 'invalid' && refused.errors).toEqual([{ path: 'user.role', message: 'form pf is for parents, and this user is a child' }]);
    });

    it('should fire child_complete for a child and user_complete for a parent, never the other way round', async () => {
      const { service, project } = await family();
      const child = must(await interact(service, project.id, 'submission', { formId: 'cf', user: kid }));
      const parent = must(await interact(service, project.id, 'submission', { formId: 'pf', user: user('mum') }));
      const fired = (o: typeof child) => o.events.filter((e) => e.deliveries > 0).map((e) => e.key);
      expect(fired(child)).toEqual(['form_submit_cf', 'form_submitted', 'child_complete']);
      expect(fired(parent)).toEqual(['form_submit_pf', 'form_submitted', 'user_complete']);
    });

    it('should accept a user form for anyone in an individual system, whatever role is sent', async () => {
      const { service, project } = await setup();
      await subscribe(service, project.id, 'user_complete', A);
      const outcome = must(await interact(service, project.id, 'submission', { user: user('u9', { role: 'child', parentId: 'x' }) }));
      expect(outcome.events.filter((e) => e.deliveries > 0).map((e) => e.key)).toEqual(['user_complete']);
    });
  });

  describe('when the form is unknown', () => {
    it('should answer not_found', async () => {
      const { service, project } = await setup();
      expect((await interact(service, project.id, 'load', { formId: 'nope' })).kind).toBe('not_found');
    });
  });

  describe('when many interactions with one form arrive at once', () => {
    it('should share the lookups of earlier results and still answer each with its own decision and record', async () => {
      const { service, project } = await setup();
      await subscribe(service, project.id, 'form_preprocess', A);
      service.transport.script(A, answer(200, { msg: 'ok', msg_type: 'success' }));
      // Spy only on plain store objects: a spy on one of InMemoryStorage's mutex-wrapping proxies
      // (subscriptions, projects, …) calls the wrapped original under the mutex again and hangs.
      const findMany = jest.spyOn(service.storage.activities, 'findMany');
      const outcomes = (await Promise.all(Array.from({ length: 20 }, () => interact(service, project.id, 'preprocess')))).map(must);
      expect(outcomes.every((o) => o.decision.proceed && o.decision.messages[0]?.text === 'ok')).toBe(true);
      expect(new Set(outcomes.map((o) => o.events[0]?.eventId)).size).toBe(20);
      expect(findMany.mock.calls.length).toBeLessThanOrEqual(4);
      expect(service.transport.sentTo(A)).toHaveLength(20);
    });

    it('should see a webhook created before an interaction arrives (nothing is cached)', async () => {
      const { service, project } = await setup();
      await subscribe(service, project.id, 'form_preprocess', A);
      service.transport.script(A, answer(200, {}));
      service.transport.script(B, answer(200, { msg: 'from B', msg_type: 'information' }));
      must(await interact(service, project.id, 'preprocess'));
      await subscribe(service, project.id, 'form_preprocess', B);
      const { decision } = must(await interact(service, project.id, 'preprocess'));
      expect(decision.messages.map((m) => m.text)).toEqual(['from B']);
    });
  });
});
