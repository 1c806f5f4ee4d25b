import { describe, expect, it, jest } from '@jest/globals';
import type { Activity } from '../model/activity.js';
import type { InMemoryService } from '../testing/in-memory-service.js';
import { bodiesTo, drain, must, projectWithAdmin, subscribe, user } from '../use-cases/fixtures.spec-helper.js';
import { ReportActivity } from '../use-cases/report-activity.js';
import { GroupCommitRecording } from './group-commit-recording.js';

const HOOK = 'https://hooks.example.com/batched';

/** A registration of `userId` under activity `id`. */
const registration = (service: InMemoryService, id: string, userId: string): Activity => ({
  id,
  type: 'registered',
  origin: 'applicant',
  occurredAt: service.clock.now(),
  user: user(userId),
});

/** A ReportActivity over the service's ports that runs one batch at a time (so a burst is two batches: the first alone, then the rest). */
const oneAtATime = (service: InMemoryService) =>
  new ReportActivity({
    stores: service.storage,
    recording: new GroupCommitRecording({ storage: service.storage, clock: service.clock, batching: { maxBatch: 128, maxInFlight: 1 } }),
    clock: service.clock,
    ids: service.ids,
    groupPageSize: service.config.groupPageSize,
  });

describe('ReportActivity batching', () => {
  describe('when 50 activities are reported at once', () => {
    it('should answer each with its own events and deliver exactly 50', async () => {
      const { service, project } = await projectWithAdmin();
      await subscribe(service, project.id, 'user_registered', HOOK);
      const activities = Array.from({ length: 50 }, (_, i) => registration(service, `burst-${i}`, `u${i}`));
      const answers = (await Promise.all(activities.map((a) => service.reportActivity.execute(project.id, a)))).map(must);
      expect(answers.map((a) => a.activityId)).toEqual(activities.map((a) => a.id));
      for (const answer of answers) expect(answer.events).toEqual([{ key: 'user_registered', eventId: expect.any(String), deliveries: 1 }]);
      const eventIds = answers.map((a) => a.events[0]!.eventId);
      expect(new Set(eventIds).size).toBe(50);
      expect(await drain(service)).toBe(50);
      // Each answer's event is the one sent for its own user.
      const sent = new Map(service.transport.sentTo(HOOK).map((r) => [r.headers['webhook-id'], (JSON.parse(r.body) as { user_info: { id: string } }).user_info.id]));
      expect(sent.size).toBe(50);
      expect(eventIds.map((id) => sent.get(id))).toEqual(activities.map((_, i) => `u${i}`));
    });

    it('should record them in fewer batches than activities', async () => {
      const { service, project } = await projectWithAdmin();
      await subscribe(service, project.id, 'user_registered', HOOK);
      const transaction = jest.spyOn(service.storage, 'transaction');
      const reportActivity = oneAtATime(service);
      const answers = await Promise.all(Array.from({ length: 50 }, (_, i) => reportActivity.execute(project.id, registration(service, `tx-${i}`, `u${i}`))));
      expect(answers.every((a) => a.kind === 'ok')).toBe(true);
      // Registrations change completion state: each batch is one transaction holding its users.
      expect(transaction).toHaveBeenCalledTimes(2);
      expect(await drain(service)).toBe(50);
    });

    it('should record activities that change no user without a transaction', async () => {
      const { service, project } = await projectWithAdmin();
      await subscribe(service, project.id, 'login_success', HOOK);
      const transaction = jest.spyOn(service.storage, 'transaction');
      const logins = Array.from({ length: 10 }, (_, i): Activity => ({ id: `login-${i}`, type: 'login', via: 'password', origin: 'applicant', occurredAt: service.clock.now(), user: user(`u${i}`) }));
      const answers = (await Promise.all(logins.map((a) => service.reportActivity.execute(project.id, a)))).map(must);
      expect(answers.map((a) => a.events[0]?.deliveries)).toEqual(Array.from({ length: 10 }, () => 1));
      expect(transaction).not.toHaveBeenCalled();
      expect(await drain(service)).toBe(10);
    });
  });

  describe('when the same id is reported 5 times at once', () => {
    it('should give 5 identical answers and deliver once', async () => {
      const { service, project } = await projectWithAdmin();
      await subscribe(service, project.id, 'user_registered', HOOK);
      const activity = registration(service, 'same-id', 'u1');
      const answers = (await Promise.all(Array.from({ length: 5 }, () => service.reportActivity.execute(project.id, activity)))).map(must);
      expect(answers[0]?.events).toEqual([{ key: 'user_registered', eventId: expect.any(String), deliveries: 1 }]);
      for (const answer of answers) expect(answer).toEqual(answers[0]);
      expect(service.storage.allDeliveries()).toHaveLength(1);
      expect(await drain(service)).toBe(1);
      expect(bodiesTo(service, HOOK)).toHaveLength(1);
    });

    it('should give identical answers also when the repeats share one batch', async () => {
      const { service, project } = await projectWithAdmin();
      await subscribe(service, project.id, 'user_registered', HOOK);
      const reportActivity = oneAtATime(service);
      const activity = registration(service, 'same-in-batch', 'u1');
      const answers = (
        await Promise.all([reportActivity.execute(project.id, registration(service, 'opener', 'u0')), ...Array.from({ length: 5 }, () => reportActivity.execute(project.id, activity))])
      ).map(must);
      const repeats = answers.slice(1);
      for (const answer of repeats) expect(answer).toEqual(repeats[0]);
      expect(repeats[0]?.events).toHaveLength(1);
      expect(await drain(service)).toBe(2);
    });
  });

  describe('when two users register and the first registers again in one burst', () => {
    it('should fire user_registered exactly twice', async () => {
      const { service, project } = await projectWithAdmin();
      await subscribe(service, project.id, 'user_registered', HOOK);
      const answers = (
        await Promise.all([
          service.reportActivity.execute(project.id, registration(service, 'reg-1', 'u1')),
          service.reportActivity.execute(project.id, registration(service, 'reg-2', 'u2')),
          service.reportActivity.execute(project.id, registration(service, 'reg-1-again', 'u1')),
        ])
      ).map(must);
      expect(answers.map((a) => a.events.length)).toEqual([1, 1, 0]);
      expect(await drain(service)).toBe(2);
      expect(bodiesTo(service, HOOK).map((b) => (b.user_info as { id: string }).id).sort()).toEqual(['u1', 'u2']);
    });

    it('should fire it exactly twice also when all three share one batch', async () => {
      const { service, project } = await projectWithAdmin();
      await subscribe(service, project.id, 'user_registered', HOOK);
      const reportActivity = oneAtATime(service);
      const answers = (
        await Promise.all([
          reportActivity.execute(project.id, { ...registration(service, 'opener', 'u0'), origin: 'api' }),
          reportActivity.execute(project.id, registration(service, 'reg-1', 'u1')),
          reportActivity.execute(project.id, registration(service, 'reg-2', 'u2')),
          reportActivity.execute(project.id, registration(service, 'reg-1-again', 'u1')),
        ])
      ).map(must);
      expect(answers.slice(1).map((a) => a.events.length)).toEqual([1, 1, 0]);
      expect(await drain(service)).toBe(2);
      expect(bodiesTo(service, HOOK).map((b) => (b.user_info as { id: string }).id).sort()).toEqual(['u1', 'u2']);
    });
  });

  describe('when a burst queues deliveries', () => {
    it('should wake a waiting worker once a batch is committed (the storage wakes it, on commit)', async () => {
      const { service, project } = await projectWithAdmin();
      await subscribe(service, project.id, 'user_registered', HOOK);
      // Without a wake-up this waits a minute, far past the test's timeout.
      const woken = service.signal.wait(60_000);
      await Promise.all(Array.from({ length: 20 }, (_, i) => service.reportActivity.execute(project.id, registration(service, `n-${i}`, `u${i}`))));
      await woken;
      expect(await drain(service)).toBe(20);
    });
  });
});
