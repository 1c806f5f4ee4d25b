import { describe, expect, it } from '@jest/globals';
import type { LiveEvent, LiveSubscription } from '../ports/live-events.port.js';
import { drain, expectInvalid, must, projectWithAdmin, report, subscribe, user } from './fixtures.spec-helper.js';

/** Everything queued on `subscription` now (the in-memory feed hands events over synchronously). */
async function queued(subscription: LiveSubscription): Promise<LiveEvent[]> {
  const iterator = subscription[Symbol.asyncIterator]();
  const got: LiveEvent[] = [];
  for (;;) {
    const next = await Promise.race([iterator.next(), Promise.resolve(null)]);
    if (next === null || next.done === true) return got;
    got.push(next.value);
  }
}

describe('ListenToEvents', () => {
  describe('when an activity fires an event a listener asked for', () => {
    it('should hand it over once committed, with the id and the body a webhook of it gets, webhook or not', async () => {
      const { service, project } = await projectWithAdmin();
      const listening = must(await service.listen.open(project.id, ['user_registered', 'login_success']));
      const reported = await report(service, project.id, { type: 'registered', user: user('u1') });
      const [event] = await queued(listening);
      expect(event).toMatchObject({ id: reported.events[0]?.eventId, key: 'user_registered' });
      expect(JSON.parse(event!.body)).toMatchObject({ event: 'user_registered', event_id: reported.events[0]?.eventId, user_info: { id: 'u1' } });
    });

    it('should hand over the very bytes the webhook of the same event is sent', async () => {
      const { service, project } = await projectWithAdmin();
      await subscribe(service, project.id, 'user_registered', 'https://hooks.example.com/a');
      const listening = must(await service.listen.open(project.id, ['user_registered']));
      await report(service, project.id, { type: 'registered', user: user('u1') });
      await drain(service);
      const [event] = await queued(listening);
      expect(event?.body).toBe(service.transport.sentTo('https://hooks.example.com/a')[0]?.body);
    });
  });

  describe('when nothing new is recorded', () => {
    it('should hand over nothing for a repeated activity, one from the API, or a key not asked for', async () => {
      const { service, project } = await projectWithAdmin();
      await report(service, project.id, { id: 'once', type: 'registered', user: user('u1') });
      const listening = must(await service.listen.open(project.id, ['user_registered']));
      await report(service, project.id, { id: 'once', type: 'registered', user: user('u1') });
      await report(service, project.id, { type: 'registered', origin: 'api', user: user('u2') });
      await report(service, project.id, { type: 'login', via: 'password', user: user('u1') });
      expect(await queued(listening)).toEqual([]);
    });
  });

  describe('when a submission queues notify events', () => {
    it('should hand over form_submitted, not the interactive form_submit_{form} call', async () => {
      const { service, project } = await projectWithAdmin();
      must(await service.forms.putForm(project.id, '42', { name: 'Form 42', audience: 'user' }));
      const listening = must(await service.listen.open(project.id, ['form_submitted']));
      must(
        await service.interactions.execute(project.id, {
          id: 'sub-1',
          moment: 'submission',
          origin: 'applicant',
          occurredAt: service.clock.now(),
          formId: '42',
          user: user('u1'),
          doc: { name: 'Ada' },
          complete: true,
        }),
      );
      expect((await queued(listening)).map((e) => e.key)).toEqual(['form_submitted']);
    });
  });

  describe('when closed', () => {
    it('should be forgotten by the feed', async () => {
      const { service, project } = await projectWithAdmin();
      const listening = must(await service.listen.open(project.id, ['user_registered']));
      expect(service.live.size).toBe(1);
      await listening.close();
      expect(service.live.size).toBe(0);
    });
  });

  describe('when the events asked for cannot be listened to', () => {
    it.each([
      [[], 'none'],
      [['form_submit_*'], 'a pattern'],
      [['form_preprocess'], 'an interactive event'],
      [['form_viewed_99'], 'an unknown form'],
      [['child_complete'], 'a family event in an individual system'],
      [['no_such_event'], 'an unknown event'],
    ])('should refuse %j (%s), naming the events parameter', async (keys) => {
      const { service, project } = await projectWithAdmin();
      expectInvalid(await service.listen.open(project.id, keys), 'events');
      expect(service.live.size).toBe(0);
    });

    it('should say not_found for an unknown project', async () => {
      const { service } = await projectWithAdmin();
      expect(await service.listen.open('prj_unknown', ['user_registered'])).toEqual({ kind: 'not_found', what: 'project' });
    });
  });
});
