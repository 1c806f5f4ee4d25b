import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import type { FormMoment } from '../model/activity.js';
import type { MessageType } from '../model/decision.js';
import type { Json } from '../model/json.js';
import type { FailurePolicy } from '../model/subscription.js';
import { CLOSED_FAILURE_MESSAGE, combineDecision, type HookCall } from './combine-decision.js';
import { proceedDecision } from './proceed-decision.js';
import type { SubscriberAnswer } from './subscriber-answer.js';

const answered = (webhookId: string, answer: SubscriberAnswer, failurePolicy: FailurePolicy = 'open'): HookCall => ({
  webhookId,
  failurePolicy,
  outcome: { kind: 'answered', answer },
});
const failed = (webhookId: string, failurePolicy: FailurePolicy, reason = 'timeout'): HookCall => ({
  webhookId,
  failurePolicy,
  outcome: { kind: 'failed', reason },
});
const moments: readonly FormMoment[] = ['load', 'preprocess', 'submission'];

describe('combineDecision', () => {
  describe('when there are no calls', () => {
    it.each(moments)('should proceed with nothing else at %s', (moment) => {
      expect(combineDecision(moment, [])).toEqual(proceedDecision());
    });
  });

  describe('when several webhooks send messages', () => {
    it('should keep every message in creation order, each naming its webhook', () => {
      const decision = combineDecision('submission', [
        answered('wh_1', { msg: 'one', msgType: 'information' }),
        answered('wh_2', {}),
        answered('wh_3', { msg: 'three', msgType: 'warning' }),
      ]);
      expect(decision.messages).toEqual([
        { text: 'one', type: 'information', webhookId: 'wh_1' },
        { text: 'three', type: 'warning', webhookId: 'wh_3' },
      ]);
      expect(decision.proceed).toBe(true);
    });

    it('should read a message without a type as information', () => {
      expect(combineDecision('submission', [answered('wh_1', { msg: 'hi' })]).messages).toEqual([
        { text: 'hi', type: 'information', webhookId: 'wh_1' },
      ]);
    });
  });

  describe('when several webhooks patch the same field', () => {
    it('should let the later webhook win and record the overwrite as its conflict', () => {
      const decision = combineDecision('submission', [
        answered('wh_1', { jdoc: { a: 1, b: 1 } }),
        answered('wh_2', { jdoc: { b: 2, c: 2 } }),
        answered('wh_3', { jdoc: { b: 3 } }),
      ]);
      expect(decision.patch).toEqual({ a: 1, b: 3, c: 2 });
      expect(decision.conflicts).toEqual([
        { webhookId: 'wh_2', field: 'b', reason: expect.stringContaining('wh_1') },
        { webhookId: 'wh_3', field: 'b', reason: expect.stringContaining('wh_2') },
      ]);
    });
  });

  describe('when several webhooks focus or redirect', () => {
    it('should keep the first focus_on and the first redirect, recording the later ones as conflicts', () => {
      const decision = combineDecision('submission', [
        answered('wh_1', { focusOn: 'email' }),
        answered('wh_2', { focusOn: 'phone', redirect: 'https://a.example/' }),
        answered('wh_3', { redirect: 'https://b.example/' }),
      ]);
      expect(decision.focusOn).toBe('email');
      expect(decision.redirect).toBe('https://a.example/');
      expect(decision.conflicts).toEqual([
        { webhookId: 'wh_2', field: 'phone', reason: expect.stringContaining('wh_1') },
        { webhookId: 'wh_3', reason: expect.stringContaining('wh_2') },
      ]);
    });

    it('should leave focusOn and redirect absent when nobody asks for them', () => {
      const decision = combineDecision('submission', [answered('wh_1', { msg: 'x' })]);
      expect('focusOn' in decision).toBe(false);
      expect('redirect' in decision).toBe(false);
    });
  });

  describe('when a webhook with failure policy open fails', () => {
    it('should list the failure and go on without it', () => {
      const decision = combineDecision('preprocess', [failed('wh_1', 'open', 'status 500'), answered('wh_2', { jdoc: { a: 1 } })]);
      expect(decision.proceed).toBe(true);
      expect(decision.failures).toEqual([{ webhookId: 'wh_1', reason: 'status 500' }]);
      expect(decision.messages).toEqual([]);
      expect(decision.patch).toEqual({ a: 1 });
    });
  });

  describe('when webhooks with failure policy closed fail', () => {
    it('should stop with one generic error message, however many failed, and list every failure', () => {
      const decision = combineDecision('submission', [
        failed('wh_1', 'closed', 'timeout'),
        answered('wh_2', { msg: 'saved', msgType: 'success' }),
        failed('wh_3', 'closed', 'invalid answer'),
      ]);
      expect(decision.proceed).toBe(false);
      expect(decision.messages).toEqual([
        { text: 'saved', type: 'success', webhookId: 'wh_2' },
        { text: CLOSED_FAILURE_MESSAGE, type: 'error', webhookId: null },
      ]);
      expect(decision.failures).toEqual([
        { webhookId: 'wh_1', reason: 'timeout' },
        { webhookId: 'wh_3', reason: 'invalid answer' },
      ]);
    });
  });

  describe('when the moment is preprocess', () => {
    it('should stop the submission on an error message', () => {
      const decision = combineDecision('preprocess', [answered('wh_1', { msg: 'Bad postcode', msgType: 'error' })]);
      expect(decision.proceed).toBe(false);
      expect(decision.messages).toEqual([{ text: 'Bad postcode', type: 'error', webhookId: 'wh_1' }]);
    });

    it('should drop the jdoc of an error answer and record the conflict', () => {
      const decision = combineDecision('preprocess', [answered('wh_1', { msg: 'No', msgType: 'error', jdoc: { a: 1 } })]);
      expect(decision.patch).toEqual({});
      expect(decision.conflicts).toEqual([{ webhookId: 'wh_1', reason: 'an error answer cannot change the form: its jdoc was dropped' }]);
    });

    it('should drop the jdoc of another webhook too when one answers an error, exactly as when one answers both', () => {
      const decision = combineDecision('preprocess', [
        answered('wh_1', { msg: 'No', msgType: 'error' }),
        answered('wh_2', { jdoc: { b: 2 } }),
      ]);
      expect(decision.proceed).toBe(false);
      expect(decision.patch).toEqual({});
      expect(decision.conflicts).toEqual([{ webhookId: 'wh_2', reason: 'the decision stops (webhook wh_1 answered an error): its jdoc was dropped' }]);
    });

    it('should drop every jdoc when a closed failure stops it', () => {
      const decision = combineDecision('preprocess', [answered('wh_1', { jdoc: { a: 1 } }), failed('wh_2', 'closed')]);
      expect(decision.proceed).toBe(false);
      expect(decision.patch).toEqual({});
      expect(decision.conflicts).toEqual([{ webhookId: 'wh_1', reason: 'the decision stops (webhook wh_2 failed, policy closed): its jdoc was dropped' }]);
    });

    it('should drop success messages when an error is anywhere, recording each', () => {
      const decision = combineDecision('preprocess', [
        answered('wh_1', { msg: 'Great', msgType: 'success' }),
        answered('wh_2', { msg: 'Note', msgType: 'notification' }),
        answered('wh_3', { msg: 'No', msgType: 'error' }),
      ]);
      expect(decision.messages.map((m) => m.type)).toEqual(['notification', 'error']);
      expect(decision.conflicts).toEqual([{ webhookId: 'wh_1', reason: expect.stringContaining('success') }]);
    });

    it('should drop success messages when a closed failure stops the submission', () => {
      const decision = combineDecision('preprocess', [answered('wh_1', { msg: 'Great', msgType: 'success' }), failed('wh_2', 'closed')]);
      expect(decision.messages).toEqual([{ text: CLOSED_FAILURE_MESSAGE, type: 'error', webhookId: null }]);
    });

    it('should keep success messages, patch, focus and redirect when nothing stops it', () => {
      const decision = combineDecision('preprocess', [
        answered('wh_1', { msg: 'Great', msgType: 'success', jdoc: { a: 1 }, focusOn: 'a', redirect: 'https://x.example/' }),
      ]);
      expect(decision).toEqual({
        proceed: true,
        messages: [{ text: 'Great', type: 'success', webhookId: 'wh_1' }],
        patch: { a: 1 },
        focusOn: 'a',
        redirect: 'https://x.example/',
        failures: [],
        conflicts: [],
      });
    });

    it('should stop on an error type sent without a message text', () => {
      expect(combineDecision('preprocess', [answered('wh_1', { msgType: 'error' })]).proceed).toBe(false);
    });
  });

  describe('when the moment is submission', () => {
    it('should show every message, honour focus and redirect, not proceed, and drop the patch of an error answer', () => {
      const decision = combineDecision('submission', [
        answered('wh_1', { msg: 'Saved', msgType: 'success' }),
        answered('wh_2', { msg: 'But', msgType: 'error', jdoc: { a: 1 }, focusOn: 'a', redirect: 'https://x.example/' }),
      ]);
      expect(decision).toEqual({
        proceed: false,
        messages: [
          { text: 'Saved', type: 'success', webhookId: 'wh_1' },
          { text: 'But', type: 'error', webhookId: 'wh_2' },
        ],
        patch: {},
        focusOn: 'a',
        redirect: 'https://x.example/',
        failures: [],
        conflicts: [{ webhookId: 'wh_2', reason: 'an error answer cannot change the form: its jdoc was dropped' }],
      });
    });

    it('should drop the patch of one hook when another answers an error, whatever their order', () => {
      for (const calls of [
        [answered('wh_1', { jdoc: { a: 1 } }), answered('wh_2', { msg: 'No', msgType: 'error' })],
        [answered('wh_2', { msg: 'No', msgType: 'error' }), answered('wh_1', { jdoc: { a: 1 } })],
      ]) {
        const decision = combineDecision('submission', calls);
        expect(decision.proceed).toBe(false);
        expect(decision.patch).toEqual({});
        expect(decision.conflicts).toEqual([{ webhookId: 'wh_1', reason: 'the decision stops (webhook wh_2 answered an error): its jdoc was dropped' }]);
      }
    });

    it('should keep the patch when nothing stops it', () => {
      expect(combineDecision('submission', [answered('wh_1', { msg: 'Hm', msgType: 'warning', jdoc: { a: 1 } })])).toMatchObject({ proceed: true, patch: { a: 1 } });
    });
  });

  describe('when the moment is load', () => {
    it('should honour redirect and messages and ignore jdoc and focus_on, recording conflicts', () => {
      const decision = combineDecision('load', [
        answered('wh_1', { msg: 'Moved', msgType: 'information', redirect: 'https://x.example/', jdoc: { a: 1 }, focusOn: 'a' }),
      ]);
      expect(decision).toEqual({
        proceed: true,
        messages: [{ text: 'Moved', type: 'information', webhookId: 'wh_1' }],
        patch: {},
        redirect: 'https://x.example/',
        failures: [],
        conflicts: [
          { webhookId: 'wh_1', reason: expect.stringContaining('jdoc') },
          { webhookId: 'wh_1', field: 'a', reason: expect.stringContaining('focus_on') },
        ],
      });
    });

    it('should not proceed on an error message', () => {
      expect(combineDecision('load', [answered('wh_1', { msg: 'Closed', msgType: 'error' })]).proceed).toBe(false);
    });
  });

  describe('when answers and failures are random', () => {
    const field = fc.constantFrom('a', 'b', 'c', 'd');
    const answer: fc.Arbitrary<SubscriberAnswer> = fc.record(
      {
        msg: fc.string({ minLength: 1, maxLength: 5 }),
        msgType: fc.constantFrom<MessageType>('error', 'notification', 'warning', 'success', 'information'),
        jdoc: fc.dictionary(field, fc.jsonValue({ maxDepth: 1 }) as fc.Arbitrary<Json>, { maxKeys: 3 }),
        focusOn: field,
        redirect: fc.constantFrom('https://a.example/', 'https://b.example/'),
      },
      { requiredKeys: [] },
    );
    const outcome = fc.oneof(
      answer.map((a) => ({ kind: 'answered' as const, answer: a })),
      fc.string({ maxLength: 5 }).map((reason) => ({ kind: 'failed' as const, reason })),
    );
    const calls = fc
      .array(fc.record({ failurePolicy: fc.constantFrom<FailurePolicy>('open', 'closed'), outcome }), { maxLength: 6 })
      .map((items): HookCall[] => items.map((item, i) => ({ webhookId: `wh_${i}`, ...item })));
    const moment = fc.constantFrom(...moments);

    const answers = (list: readonly HookCall[]): (SubscriberAnswer & { readonly webhookId: string })[] =>
      list.flatMap((c) => (c.outcome.kind === 'answered' ? [{ ...c.outcome.answer, webhookId: c.webhookId }] : []));

    it('should be deterministic: the same calls in the same order give the same decision', () => {
      fc.assert(
        fc.property(moment, calls, (m, list) => {
          expect(combineDecision(m, list)).toEqual(combineDecision(m, structuredClone(list)));
        }),
      );
    });

    it('should fold the patches of a decision that proceeds in creation order, a later webhook winning, one conflict per overwrite', () => {
      fc.assert(
        fc.property(moment, calls, (m, list) => {
          const stops = answers(list).some((a) => a.msgType === 'error') || list.some((c) => c.outcome.kind === 'failed' && c.failurePolicy === 'closed');
          const eligible = stops || m === 'load' ? [] : answers(list);
          const expected: Record<string, Json> = {};
          let overwrites = 0;
          for (const a of eligible) {
            for (const [key, value] of Object.entries(a.jdoc ?? {})) {
              if (Object.hasOwn(expected, key)) overwrites += 1;
              expected[key] = value;
            }
          }
          const decision = combineDecision(m, list);
          expect(decision.patch).toEqual(expected);
          expect(decision.conflicts.filter((c) => c.reason.startsWith('overrides'))).toHaveLength(overwrites);
        }),
      );
    });

    it('should keep messages in creation order and the first focus and redirect', () => {
      fc.assert(
        fc.property(moment, calls, (m, list) => {
          const decision = combineDecision(m, list);
          const ids = decision.messages.flatMap((x) => (x.webhookId === null ? [] : [x.webhookId]));
          expect(ids).toEqual([...ids].sort((x, y) => Number(x.slice(3)) - Number(y.slice(3))));
          const all = answers(list);
          expect(decision.redirect).toBe(all.find((a) => a.redirect !== undefined)?.redirect);
          expect(decision.focusOn).toBe(m === 'load' ? undefined : all.find((a) => a.focusOn !== undefined)?.focusOn);
        }),
      );
    });

    it('should never stop and patch at once: every jdoc of a stopped decision dropped, one conflict each', () => {
      fc.assert(
        fc.property(moment, calls, (m, list) => {
          const decision = combineDecision(m, list);
          if (decision.proceed) return;
          expect(decision.patch).toEqual({});
          const patching = answers(list).filter((a) => Object.keys(a.jdoc ?? {}).length > 0);
          const dropped = decision.conflicts.filter((c) => c.reason.endsWith('its jdoc was dropped') || c.reason.startsWith('jdoc is ignored'));
          expect(dropped.map((c) => c.webhookId)).toEqual(patching.map((a) => a.webhookId));
        }),
      );
    });

    it('should not proceed exactly when an error survives or a closed failure exists', () => {
      fc.assert(
        fc.property(moment, calls, (m, list) => {
          const decision = combineDecision(m, list);
          const error = answers(list).some((a) => a.msgType === 'error');
          const closed = list.some((c) => c.outcome.kind === 'failed' && c.failurePolicy === 'closed');
          expect(decision.proceed).toBe(!(error || closed));
          expect(decision.messages.filter((x) => x.text === CLOSED_FAILURE_MESSAGE && x.webhookId === null)).toHaveLength(closed ? 1 : 0);
          expect(decision.failures).toHaveLength(list.filter((c) => c.outcome.kind === 'failed').length);
          if (m === 'preprocess' && !decision.proceed) expect(decision.messages.some((x) => x.type === 'success')).toBe(false);
        }),
      );
    });
  });
});
