import { describe, expect, it } from '@jest/globals';
import * as module from './hook-call.js';
import type { HookCall } from './hook-call.js';

describe('HookCall', () => {
  describe('when a call failed', () => {
    it('should carry the webhook, its failure policy and the reason', () => {
      const call: HookCall = { webhookId: 'wh_1', failurePolicy: 'closed', outcome: { kind: 'failed', reason: 'timeout' } };
      expect(call.outcome.kind).toBe('failed');
      expect(Object.keys(module)).toEqual([]);
    });
  });
});
