import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import type { Form } from '../model/form.js';
import type { SystemKind } from '../model/project.js';
import type { Subscription } from '../model/subscription.js';
import type { TargetGuard } from '../ports/target-guard.port.js';
import { ListedTargetGuard } from '../testing/listed-target-guard.js';
import {
  INTERACTIVE_TIMEOUT_MS,
  NOTIFY_TIMEOUT_MS,
  urlConflictMessage,
  validateSubscriptionInput,
  type SubscriptionInput,
} from './subscription-input.js';

const FORMS: readonly Form[] = [{ projectId: 'prj_1', id: '42', name: 'Medical', audience: 'user', mandatory: true, reach: 'audience' }];
const ALLOW_ALL = new ListedTargetGuard();
const ctx = (system: SystemKind = 'individual', allowHttp = false, targets: TargetGuard = ALLOW_ALL) => ({ forms: FORMS, system, allowHttp, targets });
const NOTIFY = { event: 'user_registered', url: 'https://Example.com:443/hook#x' } as const;
const INTERACTIVE = { event: 'form_submit_42', url: 'https://example.com/submit' } as const;

const errorsOf = (input: SubscriptionInput, system: SystemKind = 'individual') => {
  const result = validateSubscriptionInput(input, ctx(system));
  return result.kind === 'invalid' ? result.errors : [];
};

describe('validateSubscriptionInput', () => {
  describe('when a notify subscription gives only event and url', () => {
    it('should accept it with the URL normalised, enabled, no description and the notify default timeout', () => {
      expect(validateSubscriptionInput(NOTIFY, ctx())).toEqual({
        kind: 'ok',
        value: {
          eventKey: 'user_registered',
          url: 'https://example.com/hook',
          description: null,
          enabled: true,
          timeoutMs: NOTIFY_TIMEOUT_MS.default,
          failurePolicy: 'open',
        },
      });
    });
  });

  describe('when an interactive subscription gives only event and url', () => {
    it('should accept it with the interactive default timeout and the open failure policy', () => {
      const result = validateSubscriptionInput(INTERACTIVE, ctx());
      expect(result.kind === 'ok' && result.value).toMatchObject({
        eventKey: 'form_submit_42',
        timeoutMs: INTERACTIVE_TIMEOUT_MS.default,
        failurePolicy: 'open',
      });
    });
  });

  describe('when every optional field is given and valid', () => {
    it('should keep them as given', () => {
      const input = { ...INTERACTIVE, description: 'CRM', enabled: false, timeoutMs: 250, failurePolicy: 'closed' } as const;
      expect(validateSubscriptionInput(input, ctx())).toEqual({
        kind: 'ok',
        value: { eventKey: 'form_submit_42', url: INTERACTIVE.url, description: 'CRM', enabled: false, timeoutMs: 250, failurePolicy: 'closed' },
      });
    });
  });

  describe('when the event is not acceptable', () => {
    it.each([
      ['form_submit_*', 'replace * with a form id'],
      ['form_submit_7', 'unknown form id "7"'],
      ['no_such_event', 'unknown event'],
    ])('should refuse %p on path event, saying %p', (event, words) => {
      const errors = errorsOf({ ...NOTIFY, event });
      expect(errors).toHaveLength(1);
      expect(errors[0]?.path).toBe('event');
      expect(errors[0]?.message).toContain(words);
    });

    it('should refuse a family-only event in an individual project and accept it in a family project', () => {
      expect(errorsOf({ ...NOTIFY, event: 'child_complete' }, 'individual')).toEqual([
        { path: 'event', message: 'child_complete fires only in family systems, and this project is individual' },
      ]);
      expect(validateSubscriptionInput({ ...NOTIFY, event: 'child_complete' }, ctx('family')).kind).toBe('ok');
    });

    it('should still judge the other fields of a family-only event by its mode', () => {
      const errors = errorsOf({ ...NOTIFY, event: 'child_complete', timeoutMs: 500, failurePolicy: 'open' }, 'individual');
      expect(errors.map((error) => error.path)).toEqual(['event', 'timeoutMs', 'failurePolicy']);
    });
  });

  describe('when the url is not acceptable', () => {
    it('should refuse it on path url with the reason', () => {
      expect(errorsOf({ ...NOTIFY, url: 'http://example.com/' })).toEqual([{ path: 'url', message: 'url must use https, not http' }]);
    });

    it('should accept http when the deployment allows it', () => {
      const result = validateSubscriptionInput({ ...NOTIFY, url: 'http://localhost:8080/x' }, ctx('individual', true));
      expect(result.kind === 'ok' && result.value.url).toBe('http://localhost:8080/x');
    });

    it('should refuse on path url, with its reason, a target the guard refuses, asking it about the normalised URL', () => {
      const asked: string[] = [];
      const guard: TargetGuard = {
        refusal: (url) => {
          asked.push(url);
          return new URL(url).hostname === '127.0.0.1' ? '127.0.0.1 is refused: loopback' : null;
        },
      };
      const result = validateSubscriptionInput({ ...NOTIFY, url: 'https://2130706433/hook#x' }, ctx('individual', false, guard));
      expect(result).toEqual({
        kind: 'invalid',
        errors: [{ path: 'url', message: expect.stringContaining('127.0.0.1 is refused: loopback') }],
      });
      expect(asked).toEqual(['https://127.0.0.1/hook']);
      expect(validateSubscriptionInput(NOTIFY, ctx('individual', false, guard)).kind).toBe('ok');
    });

    it('should not ask the guard about a URL it refuses already', () => {
      const guard: TargetGuard = {
        refusal: () => {
          throw new Error('asked');
        },
      };
      expect(validateSubscriptionInput({ ...NOTIFY, url: 'ftp://example.com/' }, ctx('individual', false, guard)).kind).toBe('invalid');
    });
  });

  describe('when the description is long', () => {
    it('should accept 500 characters and refuse 501 on path description', () => {
      expect(validateSubscriptionInput({ ...NOTIFY, description: 'd'.repeat(500) }, ctx()).kind).toBe('ok');
      expect(errorsOf({ ...NOTIFY, description: 'd'.repeat(501) })).toEqual([
        { path: 'description', message: 'description must be at most 500 characters' },
      ]);
    });

    it('should read a null description as none', () => {
      const result = validateSubscriptionInput({ ...NOTIFY, description: null }, ctx());
      expect(result.kind === 'ok' && result.value.description).toBeNull();
    });
  });

  describe('when a timeout is given', () => {
    it.each([
      ['user_registered', NOTIFY_TIMEOUT_MS],
      ['form_load_42', INTERACTIVE_TIMEOUT_MS],
      ['form_preprocess', INTERACTIVE_TIMEOUT_MS],
    ] as const)('should accept for %s any whole number within the bounds of its mode, and refuse any outside', (event, bounds) => {
      fc.assert(
        fc.property(fc.integer({ min: -1, max: 40_000 }), (timeoutMs) => {
          const errors = errorsOf({ ...NOTIFY, event, timeoutMs });
          const within = timeoutMs >= bounds.min && timeoutMs <= bounds.max;
          expect(errors.map((error) => error.path)).toEqual(within ? [] : ['timeoutMs']);
        }),
      );
    });

    it('should name the mode and its bounds when refusing', () => {
      expect(errorsOf({ ...INTERACTIVE, timeoutMs: 15_000 })).toEqual([
        { path: 'timeoutMs', message: 'timeoutMs must be between 100 and 10000 for interactive events' },
      ]);
    });

    it.each([1500.5, Number.NaN, Number.POSITIVE_INFINITY])('should refuse %p as not a whole number of milliseconds', (timeoutMs) => {
      expect(errorsOf({ ...NOTIFY, timeoutMs })).toEqual([{ path: 'timeoutMs', message: 'timeoutMs must be a whole number of milliseconds' }]);
    });
  });

  describe('when a failure policy is given', () => {
    it('should refuse it for a notify event, saying it applies to interactive events only', () => {
      expect(errorsOf({ ...NOTIFY, failurePolicy: 'closed' })).toEqual([
        { path: 'failurePolicy', message: 'failurePolicy applies to interactive events only, and user_registered is a notify event' },
      ]);
    });

    it('should refuse a value other than open or closed', () => {
      const input = { ...INTERACTIVE, failurePolicy: 'sometimes' } as unknown as SubscriptionInput;
      expect(errorsOf(input)).toEqual([{ path: 'failurePolicy', message: 'failurePolicy must be "open" or "closed"' }]);
    });
  });

  describe('when several fields are wrong', () => {
    it('should report every one of them, not just the first', () => {
      const errors = errorsOf({
        event: 'form_submit_42',
        url: 'ftp://example.com',
        description: 'x'.repeat(600),
        timeoutMs: 50,
        failurePolicy: 'shut' as 'open',
      });
      expect(errors.map((error) => error.path)).toEqual(['url', 'description', 'timeoutMs', 'failurePolicy']);
    });

    it('should not judge the timeout bounds when the event is unknown, since the mode is unknown', () => {
      const errors = errorsOf({ event: 'nope', url: 'https://example.com/', timeoutMs: 99_999 });
      expect(errors.map((error) => error.path)).toEqual(['event']);
    });

    it('should still check that the timeout is a whole number when the event is unknown', () => {
      const errors = errorsOf({ event: 'nope', url: 'https://example.com/', timeoutMs: 1.5, failurePolicy: 'open' });
      expect(errors.map((error) => error.path)).toEqual(['event', 'timeoutMs']);
    });
  });
});

describe('urlConflictMessage', () => {
  describe('when a URL already serves another event', () => {
    it('should name the event and webhook already served and state the rule', () => {
      const existing = { id: 'wh_01', eventKey: 'form_submit_42' } as Subscription;
      expect(urlConflictMessage(existing, 'user_registered')).toBe(
        'this URL already serves event form_submit_42 (webhook wh_01): one URL serves one event, so it cannot also serve user_registered',
      );
    });
  });
});
