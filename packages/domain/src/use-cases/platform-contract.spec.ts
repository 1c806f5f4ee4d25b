import { describe, expect, it } from '@jest/globals';
import type { Activity, FormInteraction } from '../model/activity.js';
import type { InMemoryService } from '../testing/in-memory-service.js';
import { bodiesTo, drain, must, projectWithAdmin, subscribe } from './fixtures.spec-helper.js';

const HOOK = 'https://hooks.example.com/contract';
const COMPLETE = 'https://hooks.example.com/complete';

/** An activity without the fields `send` fills in. */
type Sent = Activity extends infer A ? (A extends Activity ? Omit<A, 'origin' | 'occurredAt'> : never) : never;

/** Reports an activity as the platform sends it (ids may be numbers). */
async function send(service: InMemoryService, projectId: string, activity: Sent) {
  return service.reportActivity.execute(projectId, { origin: 'applicant', occurredAt: service.clock.now(), ...activity } as Activity);
}

/** A submission as the platform sends it. */
function submission(service: InMemoryService, over: Partial<FormInteraction> & Pick<FormInteraction, 'id' | 'user'>): FormInteraction {
  return { moment: 'submission', origin: 'applicant', occurredAt: service.clock.now(), formId: 'f1', doc: {}, complete: true, ...over };
}

describe('the platform contract, through the use cases', () => {
  describe('when ids come as numbers', () => {
    it('should key them as their decimal strings and show them in payloads as sent', async () => {
      const { service, project } = await projectWithAdmin();
      await subscribe(service, project.id, 'user_registered', HOOK);
      const report = must(await send(service, project.id, { id: 1001, type: 'registered', user: { id: 42, username: 'ann' } }));
      expect(report.activityId).toBe(1001);
      // The same user and the same activity, as strings: one user, one activity.
      expect(must(await send(service, project.id, { id: 1002, type: 'registered', user: { id: '42', username: 'ann' } })).events).toEqual([]);
      expect(await service.storage.activities.find(project.id, '1001')).not.toBeNull();
      await drain(service);
      const [body] = bodiesTo(service, HOOK);
      expect(bodiesTo(service, HOOK)).toHaveLength(1);
      expect(body?.['user_info']).toEqual({ id: 42, username: 'ann' });
      expect(body?.['meta_info']).toMatchObject({ activity_id: 1001 });
    });

    it('should take number ids in interactions and triggers, one user whatever the spelling', async () => {
      const { service, project } = await projectWithAdmin();
      for (const id of ['7', '8']) must(await service.forms.putForm(project.id, id, { name: `Form ${id}`, audience: 'user' }));
      const trigger = must(await service.forms.putTrigger(project.id, 't', { on: { type: 'account_created' }, addForms: [7, '8', 8] }));
      expect(trigger.addForms).toEqual(['7', '8']);
      await subscribe(service, project.id, 'user_complete', COMPLETE);
      must(await send(service, project.id, { id: 'reg', type: 'registered', user: { id: 42, username: 'ann' } }));
      must(await service.interactions.execute(project.id, submission(service, { id: 1, formId: '7', user: { id: '42', username: 'ann' } })));
      const done = must(await service.interactions.execute(project.id, submission(service, { id: 2, formId: '8', user: { id: 42, username: 'ann' } })));
      expect(done.events.map((e) => e.key)).toContain('user_complete');
      await drain(service);
      expect(bodiesTo(service, COMPLETE).map((b) => b['user_info'])).toEqual([{ id: 42, username: 'ann' }]);
      expect(await service.storage.activities.find(project.id, 'submission:2')).not.toBeNull();
    });

    it('should refuse a number id that is not a whole number from 0 to 2^53 − 1, naming it', async () => {
      const { service, project } = await projectWithAdmin();
      const result = await send(service, project.id, { id: 'r', type: 'registered', user: { id: 2 ** 53, username: 'big' } });
      expect(result).toEqual({ kind: 'invalid', errors: [{ path: 'user.id', message: expect.stringMatching(/whole number from 0 to 9007199254740991/) }] });
      expect(await service.forms.putTrigger(project.id, 't', { on: { type: 'form_submitted', formId: 1.5 }, addForms: [-1] })).toMatchObject({
        kind: 'invalid',
        errors: [{ path: 'on.formId' }, { path: 'addForms.0' }],
      });
    });
  });

  describe('when users carry an email and fields of the platform', () => {
    it('should deliver them in user_info, every password key removed', async () => {
      const { service, project } = await projectWithAdmin();
      await subscribe(service, project.id, 'login_success', HOOK);
      const fields = { school: 'North', guardian: { name: 'Bea', password: 'hunter2' }, Password: 'x' };
      must(await send(service, project.id, { id: 'l1', type: 'login', via: 'password', user: { id: 'u1', username: 'ann', email: 'ann@example.com', fields } }));
      await drain(service);
      expect(bodiesTo(service, HOOK)[0]?.['user_info']).toEqual({ id: 'u1', username: 'ann', email: 'ann@example.com', fields: { school: 'North', guardian: { name: 'Bea' } } });
    });

    it('should refuse fields out of bounds, naming them, and record nothing', async () => {
      const { service, project } = await projectWithAdmin();
      await subscribe(service, project.id, 'status_update', HOOK);
      const result = await send(service, project.id, {
        id: 's1',
        type: 'status_changed',
        users: [{ id: 'u1', username: 'a' }, { id: 'u2', username: 'b', fields: { note: 'x'.repeat(9_000) } }],
        status: { to: 'accepted' },
      });
      expect(result).toEqual({ kind: 'invalid', errors: [{ path: 'users.1.fields', message: expect.stringMatching(/characters of JSON/) }] });
      expect(await service.storage.activities.find(project.id, 's1')).toBeNull();
    });
  });

  describe("when a group's status changes from several statuses", () => {
    it("should deliver each applicant's previous status", async () => {
      const { service, project } = await projectWithAdmin();
      await subscribe(service, project.id, 'status_update', HOOK);
      must(
        await send(service, project.id, {
          id: 'st',
          type: 'status_changed',
          users: [{ id: 'u1', username: 'a', previousStatus: 'waitlisted' }, { id: 'u2', username: 'b', previousStatus: 'applied' }, { id: 'u3', username: 'c' }],
          status: { to: 'accepted' },
        }),
      );
      await drain(service);
      expect(bodiesTo(service, HOOK)[0]?.['user_info']).toEqual([
        { id: 'u1', username: 'a', previous_status: 'waitlisted' },
        { id: 'u2', username: 'b', previous_status: 'applied' },
        { id: 'u3', username: 'c' },
      ]);
    });
  });

  describe('when an id is repeated', () => {
    const login = (user: { id: string | number; username: string }) =>
      ({ id: 'same', type: 'login', via: 'password', origin: 'applicant', occurredAt: new Date('2026-01-01T00:00:00Z'), user }) as const;

    it('should answer a repeat with the same body as the first time, and refuse one with another body (409 id_reused)', async () => {
      const { service, project } = await projectWithAdmin();
      await subscribe(service, project.id, 'login_success', HOOK);
      const first = must(await service.reportActivity.execute(project.id, login({ id: 'u1', username: 'ann' })));
      // The same body written in another key order is the same request.
      const again = await service.reportActivity.execute(project.id, { ...login({ id: 'u1', username: 'ann' }), user: { username: 'ann', id: 'u1' } });
      expect(again).toEqual({ kind: 'ok', value: first });
      for (const user of [{ id: 'u1', username: 'bob' }, { id: 'u2', username: 'ann' }]) {
        expect(await service.reportActivity.execute(project.id, login(user))).toEqual({
          kind: 'conflict',
          reason: 'id_reused',
          message: expect.stringMatching(/^activity id same was used before for a request with another body/),
        });
      }
      await drain(service);
      expect(bodiesTo(service, HOOK)).toHaveLength(1);
    });

    it('should refuse the second of two concurrent reports of one id with different bodies', async () => {
      const { service, project } = await projectWithAdmin();
      await subscribe(service, project.id, 'login_success', HOOK);
      const [a, b] = await Promise.all([
        service.reportActivity.execute(project.id, login({ id: 'u1', username: 'ann' })),
        service.reportActivity.execute(project.id, login({ id: 'u1', username: 'bob' })),
      ]);
      expect([a?.kind, b?.kind]).toEqual(['ok', 'conflict']);
      await drain(service);
      expect(bodiesTo(service, HOOK).map((body) => (body['user_info'] as { username: string }).username)).toEqual(['ann']);
    });

    it('should answer a record kept from before fingerprints as it did, whatever the body', async () => {
      const { service, project } = await projectWithAdmin();
      const stored = { activityId: 'same', events: [{ key: 'login_success', eventId: 'msg_old', deliveries: 1 }] };
      await service.storage.activities.insert({ projectId: project.id, id: 'same', type: 'login', receivedAt: service.clock.now(), result: stored });
      expect(await service.reportActivity.execute(project.id, login({ id: 'u9', username: 'anyone' }))).toEqual({ kind: 'ok', value: stored });
    });

    it('should do the same for interactions: same body answers the same, another body or form is refused', async () => {
      const { service, project } = await projectWithAdmin();
      for (const id of ['f1', 'f2']) must(await service.forms.putForm(project.id, id, { name: id, audience: 'user' }));
      await subscribe(service, project.id, 'form_submit_f1', HOOK);
      // No occurredAt: the service takes its own time, which a repeat later does not change.
      const { occurredAt: _at, ...sent } = submission(service, { id: 's1', user: { id: 'u1', username: 'ann' }, doc: { a: 1 } });
      const first = must(await service.interactions.execute(project.id, sent));
      service.clock.advance(60_000);
      expect(await service.interactions.execute(project.id, { ...sent })).toEqual({ kind: 'ok', value: first });
      for (const other of [{ ...sent, doc: { a: 2 } }, { ...sent, formId: 'f2' }, { ...sent, complete: false }]) {
        expect(await service.interactions.execute(project.id, other)).toMatchObject({ kind: 'conflict', reason: 'id_reused', message: expect.stringMatching(/^submission id s1 /) });
      }
      expect(service.transport.sentTo(HOOK)).toHaveLength(1);
    });

    it('should refuse at once a repeat with another body while the first is still calling subscribers', async () => {
      const { service, project } = await projectWithAdmin();
      must(await service.forms.putForm(project.id, 'f1', { name: 'f1', audience: 'user' }));
      await subscribe(service, project.id, 'form_preprocess_f1', HOOK);
      let release: () => void = () => undefined;
      service.transport.script(HOOK, () => new Promise((resolve) => (release = () => resolve({ kind: 'response', status: 200, headers: {}, body: '{}', truncated: false, durationMs: 1 }))));
      const base = { id: 'p1', moment: 'preprocess', origin: 'applicant', formId: 'f1', user: { id: 'u1', username: 'ann' } } as const;
      const first = service.interactions.execute(project.id, { ...base, doc: { a: 1 } });
      await new Promise((resolve) => setImmediate(resolve));
      expect(await service.interactions.execute(project.id, { ...base, doc: { a: 2 } })).toMatchObject({ kind: 'conflict', reason: 'id_reused' });
      const same = service.interactions.execute(project.id, { ...base, doc: { a: 1 } });
      release();
      expect((await first).kind).toBe('ok');
      expect(await same).toEqual(await first);
      expect(service.transport.sentTo(HOOK)).toHaveLength(1);
    });
  });
});
