import { describe, expect, it } from '@jest/globals';
import type { Result } from '../model/result.js';
import { answer, failure } from '../testing/scripted-transport.js';
import type { InMemoryService } from '../testing/in-memory-service.js';
import { seedDeliveries } from '../testing/storage-contract/fixtures.js';
import { RESEND_PAGE_SIZE } from './delivery-log.js';
import { drain, must, projectWithAdmin, report, subscribe, user } from './fixtures.spec-helper.js';

const HOOK = 'https://hooks.example.com/in';

async function failedDeliveries(count: number) {
  const ctx = await projectWithAdmin();
  const sub = await subscribe(ctx.service, ctx.project.id, 'login_success', HOOK);
  ctx.service.transport.script(HOOK, failure('refused'));
  for (let i = 0; i < count; i += 1) await report(ctx.service, ctx.project.id, { type: 'login', via: 'password', user: user(`u${i}`) });
  for (let i = 0; i < 10; i += 1) {
    await drain(ctx.service);
    ctx.service.clock.advance(12 * 3600_000);
  }
  return { ...ctx, sub };
}

/** Sends what is due, hour by hour for a day and a half: every retry of a round (and far short of the five days that disable a failing webhook). */
async function settle(service: InMemoryService): Promise<void> {
  for (let i = 0; i < 36; i += 1) {
    await drain(service);
    service.clock.advance(3600_000);
  }
}

/** The only delivery of the project, as listed. */
async function onlyDelivery(service: InMemoryService, projectId: string) {
  const { items } = await service.deliveryLog.list(projectId, {}, { limit: 10 });
  expect(items).toHaveLength(1);
  return items[0]!;
}

/** Asserts a refused resend: a conflict naming `reason`. */
function expectRefused(result: Result<unknown>, reason: string, message: RegExp): void {
  expect(result).toEqual({ kind: 'conflict', reason, message: expect.stringMatching(message) });
}

describe('DeliveryLog', () => {
  describe('list', () => {
    it('should filter by status, webhook and event, newest first, in pages', async () => {
      const { service, project, sub } = await failedDeliveries(3);
      const page = await service.deliveryLog.list(project.id, { status: 'failed', subscriptionId: sub.id, eventKey: 'login_success' }, { limit: 2 });
      expect(page.items).toHaveLength(2);
      const rest = await service.deliveryLog.list(project.id, { status: 'failed' }, { limit: 2, cursor: page.nextCursor ?? '' });
      expect(rest.items).toHaveLength(1);
      expect(rest.nextCursor).toBeNull();
      expect((await service.deliveryLog.list(project.id, { status: 'succeeded' }, { limit: 10 })).items).toHaveLength(0);
    });
  });

  describe('get', () => {
    it('should say, for one delivery and for a page of the log, whether a resend would be refused now, by the rule resend applies', async () => {
      const { service, project, sub } = await failedDeliveries(1);
      const failed = await onlyDelivery(service, project.id);
      expect(must(await service.deliveryLog.get(project.id, failed.id)).resendRefusal).toBeNull();
      expect((await service.deliveryLog.listWithRefusals(project.id, {}, { limit: 10 })).items).toEqual([{ delivery: failed, resendRefusal: null }]);
      must(await service.webhooks.update(project.id, sub.id, { enabled: false }));
      const refusal = must(await service.deliveryLog.get(project.id, failed.id)).resendRefusal;
      expect(refusal).toEqual({ reason: 'webhook_disabled', message: expect.stringContaining('enable it again') });
      expect((await service.deliveryLog.listWithRefusals(project.id, {}, { limit: 10 })).items).toEqual([{ delivery: failed, resendRefusal: refusal }]);
      expectRefused(await service.deliveryLog.resend(project.id, failed.id), 'webhook_disabled', new RegExp(refusal?.message.slice(0, 20) ?? 'none'));
    });
  });

  describe('resend', () => {
    it('should queue a failed delivery again for a new round of attempts', async () => {
      const { service, project } = await failedDeliveries(1);
      const [failed] = (await service.deliveryLog.list(project.id, { status: 'failed' }, { limit: 1 })).items;
      service.transport.script(HOOK, { kind: 'response', status: 200, headers: {}, body: '', truncated: false, durationMs: 1 });
      const detail = must(await service.deliveryLog.resend(project.id, failed?.id ?? ''));
      expect(detail.delivery).toMatchObject({ status: 'pending', attemptCount: 0 });
      await drain(service);
      expect(must(await service.deliveryLog.get(project.id, failed?.id ?? '')).delivery.status).toBe('succeeded');
    });

    it('should answer not_found for an unknown delivery', async () => {
      const { service, project } = await projectWithAdmin();
      expect((await service.deliveryLog.resend(project.id, 'dlv_nope')).kind).toBe('not_found');
    });

    describe('when the rules suppressed the delivery', () => {
      it('should refuse one whose activity came from the API, and send nothing', async () => {
        const { service, project } = await projectWithAdmin();
        await subscribe(service, project.id, 'user_registered', HOOK);
        await report(service, project.id, { type: 'registered', origin: 'api', user: user('u1') });
        const suppressed = await onlyDelivery(service, project.id);
        expect(suppressed).toMatchObject({ status: 'suppressed', suppressedReason: 'api_origin' });
        expectRefused(await service.deliveryLog.resend(project.id, suppressed.id), 'api_origin', /came from the API/);
        await drain(service);
        expect(service.transport.sentTo(HOOK)).toHaveLength(0);
        expect((await onlyDelivery(service, project.id)).status).toBe('suppressed');
      });

      it('should refuse one of a login through "remember me", and send nothing', async () => {
        const { service, project } = await projectWithAdmin();
        await subscribe(service, project.id, 'login_success', HOOK);
        await report(service, project.id, { type: 'login', via: 'remember_me', user: user('u1') });
        const suppressed = await onlyDelivery(service, project.id);
        expectRefused(await service.deliveryLog.resend(project.id, suppressed.id), 'remember_me', /remember me/);
        await drain(service);
        expect(service.transport.sentTo(HOOK)).toHaveLength(0);
      });
    });

    it('should refuse the record of an interactive call: it is not a delivery', async () => {
      const { service, project } = await projectWithAdmin();
      must(await service.forms.putForm(project.id, 'f1', { name: 'F1', audience: 'user' }));
      await subscribe(service, project.id, 'form_submit_f1', HOOK);
      service.transport.script(HOOK, answer(503));
      must(
        await service.interactions.execute(project.id, {
          id: 's-1',
          moment: 'submission',
          origin: 'applicant',
          occurredAt: service.clock.now(),
          formId: 'f1',
          user: user('u1'),
          doc: {},
          complete: true,
        }),
      );
      const [call] = (await service.deliveryLog.list(project.id, { eventKey: 'form_submit_f1' }, { limit: 10 })).items;
      expect(call?.status).toBe('failed');
      expectRefused(await service.deliveryLog.resend(project.id, call?.id ?? ''), 'interactive_call', /form_submit_f1 is an interactive event/);
      await drain(service);
      expect(service.transport.sentTo(HOOK)).toHaveLength(1);
    });

    it('should refuse at once a delivery whose webhook was deleted, saying to create a new one', async () => {
      const { service, project, sub } = await failedDeliveries(1);
      const failed = await onlyDelivery(service, project.id);
      must(await service.webhooks.delete(project.id, sub.id));
      expectRefused(await service.deliveryLog.resend(project.id, failed.id), 'webhook_deleted', /create a new webhook for login_success/);
      expect((await onlyDelivery(service, project.id)).status).toBe('failed');
    });

    it('should refuse at once a delivery whose webhook is disabled, and send it once the webhook is enabled again', async () => {
      const { service, project, sub } = await failedDeliveries(1);
      const failed = await onlyDelivery(service, project.id);
      must(await service.webhooks.update(project.id, sub.id, { enabled: false }));
      expectRefused(await service.deliveryLog.resend(project.id, failed.id), 'webhook_disabled', /is disabled: enable it again/);
      expect((await onlyDelivery(service, project.id)).status).toBe('failed');

      must(await service.webhooks.update(project.id, sub.id, { enabled: true }));
      service.transport.script(HOOK, answer(200));
      const sentBefore = service.transport.sentTo(HOOK).length;
      expect(must(await service.deliveryLog.resend(project.id, failed.id)).delivery.status).toBe('pending');
      await drain(service);
      expect(service.transport.sentTo(HOOK)).toHaveLength(sentBefore + 1);
    });

    it('should resend a delivery held back for want of an API admin once one exists again', async () => {
      const { service, project, admin } = await projectWithAdmin();
      await subscribe(service, project.id, 'login_success', HOOK);
      await report(service, project.id, { type: 'login', via: 'password', user: user('u1') });
      must(await service.projects.updateAdmin(project.id, admin.id, { active: false }));
      for (let i = 0; i < 10; i += 1) {
        await drain(service);
        service.clock.advance(12 * 3600_000);
      }
      const held = await onlyDelivery(service, project.id);
      expect(held).toMatchObject({ status: 'suppressed', suppressedReason: 'no_api_admin' });
      must(await service.projects.updateAdmin(project.id, admin.id, { active: true }));
      service.transport.script(HOOK, answer(200));
      must(await service.deliveryLog.resend(project.id, held.id));
      await drain(service);
      expect(service.transport.sentTo(HOOK)).toHaveLength(1);
      expect((await onlyDelivery(service, project.id)).status).toBe('succeeded');
    });
  });

  describe('resendFailed', () => {
    it('should queue every failure since the given time', async () => {
      const { service, project, sub } = await failedDeliveries(3);
      const result = await service.deliveryLog.resendFailed(project.id, { createdFrom: new Date(0), subscriptionId: sub.id });
      expect(result).toEqual({ dryRun: false, queued: 3, skipped: 0, skippedByReason: {}, resentAt: service.clock.now() });
      expect((await service.deliveryLog.list(project.id, { status: 'pending' }, { limit: 10 })).items).toHaveLength(3);
      expect((await service.deliveryLog.resendFailed(project.id, { createdFrom: new Date(0) })).queued).toBe(0);
    });

    it('should skip what the resend rules refuse, and count the skipped by reason', async () => {
      const { service, project, sub } = await failedDeliveries(2);
      // A second webhook whose failures stay, disabled; a third, deleted; an interactive call that failed.
      const OTHER = 'https://other.example.com/in';
      const GONE = 'https://gone.example.com/in';
      const off = await subscribe(service, project.id, 'user_registered', OTHER);
      const gone = await subscribe(service, project.id, 'edit_user_credentials', GONE);
      must(await service.forms.putForm(project.id, 'f1', { name: 'F1', audience: 'user' }));
      await subscribe(service, project.id, 'form_load_f1', 'https://load.example.com/in');
      service.transport.script(OTHER, failure('refused'));
      service.transport.script(GONE, failure('refused'));
      service.transport.script('https://load.example.com/in', answer(500));
      await report(service, project.id, { type: 'registered', user: user('r1') });
      await report(service, project.id, { type: 'credentials_changed', changed: ['password'], user: user('r1') });
      must(
        await service.interactions.execute(project.id, { id: 'l-1', moment: 'load', origin: 'applicant', occurredAt: service.clock.now(), formId: 'f1', user: user('r1'), doc: {} }),
      );
      for (let i = 0; i < 10; i += 1) {
        await drain(service);
        service.clock.advance(12 * 3600_000);
      }
      must(await service.webhooks.update(project.id, off.id, { enabled: false }));
      must(await service.webhooks.delete(project.id, gone.id));
      expect((await service.deliveryLog.list(project.id, { status: 'failed' }, { limit: 10 })).items).toHaveLength(5);

      // A dry run counts the same, and queues nothing.
      const counted = await service.deliveryLog.resendFailed(project.id, { createdFrom: new Date(0), dryRun: true });
      expect(counted).toEqual({ dryRun: true, queued: 2, skipped: 3, skippedByReason: { webhook_disabled: 1, webhook_deleted: 1, interactive_call: 1 }, resentAt: null });
      expect((await service.deliveryLog.list(project.id, { status: 'pending' }, { limit: 10 })).items).toEqual([]);

      const result = await service.deliveryLog.resendFailed(project.id, { createdFrom: new Date(0) });
      expect(result).toEqual({ ...counted, dryRun: false, resentAt: service.clock.now() });
      const pending = (await service.deliveryLog.list(project.id, { status: 'pending' }, { limit: 10 })).items;
      expect(pending.map((d) => d.subscriptionId)).toEqual([sub.id, sub.id]);
    });

    it("should resend only the failures the log's filters match", async () => {
      const { service, project } = await failedDeliveries(3);
      const [newest] = (await service.deliveryLog.list(project.id, { status: 'failed' }, { limit: 1 })).items;
      const result = await service.deliveryLog.resendFailed(project.id, { createdFrom: new Date(0), eventId: newest?.eventId ?? '' });
      expect(result).toMatchObject({ queued: 1, skipped: 0 });
      expect((await service.deliveryLog.list(project.id, { status: 'pending' }, { limit: 10 })).items.map((d) => d.id)).toEqual([newest?.id]);
      expect(await service.deliveryLog.resendFailed(project.id, { createdFrom: new Date(0), applicant: 'nobody' })).toMatchObject({ queued: 0, skipped: 0 });
    });

    it('should walk any number of failures, a page at a time', async () => {
      const { service, project } = await projectWithAdmin();
      const sub = await subscribe(service, project.id, 'login_success', HOOK);
      await seedDeliveries(service.storage, sub, RESEND_PAGE_SIZE * 2 + 3, (i) => ({ status: 'failed', nextAttemptAt: null, createdAt: new Date(i) }));
      const done = await service.deliveryLog.resendFailed(project.id, {});
      expect(done).toMatchObject({ queued: RESEND_PAGE_SIZE * 2 + 3, skipped: 0 });
      // One time for every page: the whole resend is found by it.
      expect(await service.deliveryLog.counts(project.id, { resentAt: done.resentAt ?? new Date(0) })).toEqual({
        pending: RESEND_PAGE_SIZE * 2 + 3,
        succeeded: 0,
        failed: 0,
        suppressed: 0,
        total: RESEND_PAGE_SIZE * 2 + 3,
      });
    });

    it('should take every failure the filters match when no start is given, however old', async () => {
      const { service, project } = await failedDeliveries(2);
      service.clock.advance(365 * 24 * 3600_000);
      expect(await service.deliveryLog.resendFailed(project.id, { createdFrom: service.clock.now(), dryRun: true })).toMatchObject({ queued: 0 });
      expect(await service.deliveryLog.resendFailed(project.id, { dryRun: true })).toMatchObject({ queued: 2 });
      expect(await service.deliveryLog.resendFailed(project.id, {})).toMatchObject({ queued: 2, dryRun: false });
    });
  });

  describe('counts', () => {
    it("should follow one bulk resend's deliveries to their outcome, by its resentAt, until a later resend starts one again", async () => {
      const { service, project, sub } = await failedDeliveries(2);
      // A second webhook that keeps failing.
      const BROKEN = 'https://broken.example.com/in';
      await subscribe(service, project.id, 'user_registered', BROKEN);
      service.transport.script(BROKEN, failure('refused'));
      await report(service, project.id, { type: 'registered', user: user('r1') });
      await settle(service);
      expect(await service.deliveryLog.counts(project.id, {})).toEqual({ pending: 0, succeeded: 0, failed: 3, suppressed: 0, total: 3 });

      service.transport.script(HOOK, answer(200));
      const done = await service.deliveryLog.resendFailed(project.id, {});
      expect(done).toMatchObject({ queued: 3, resentAt: service.clock.now() });
      const ofResend = { resentAt: done.resentAt ?? new Date(0) };
      expect(await service.deliveryLog.counts(project.id, ofResend)).toEqual({ pending: 3, succeeded: 0, failed: 0, suppressed: 0, total: 3 });
      expect((await service.deliveryLog.list(project.id, ofResend, { limit: 10 })).items.map((d) => d.resentAt)).toEqual([done.resentAt, done.resentAt, done.resentAt]);
      // Sent: the first webhook's two succeed; the other's fails again, and once its retries are spent it is failed.
      await settle(service);
      expect(await service.deliveryLog.counts(project.id, ofResend)).toEqual({ pending: 0, succeeded: 2, failed: 1, suppressed: 0, total: 3 });
      expect(await service.deliveryLog.counts(project.id, { ...ofResend, subscriptionId: sub.id })).toEqual({ pending: 0, succeeded: 2, failed: 0, suppressed: 0, total: 2 });

      // A later resend takes the failure over: it leaves the first resend's count.
      const [failedAgain] = (await service.deliveryLog.list(project.id, { status: 'failed' }, { limit: 1 })).items;
      must(await service.deliveryLog.resend(project.id, failedAgain?.id ?? ''));
      expect(await service.deliveryLog.counts(project.id, ofResend)).toEqual({ pending: 0, succeeded: 2, failed: 0, suppressed: 0, total: 2 });
      expect(await service.deliveryLog.counts(project.id, { resentAt: service.clock.now() })).toEqual({ pending: 1, succeeded: 0, failed: 0, suppressed: 0, total: 1 });
    });
  });
});
