import { describe, expect, it } from '@jest/globals';
import { proceedDecision } from './proceed-decision.js';

describe('proceedDecision', () => {
  describe('when nothing was asked of a subscriber', () => {
    it('should proceed with nothing else', () => {
      expect(proceedDecision()).toEqual({ proceed: true, messages: [], patch: {}, failures: [], conflicts: [] });
    });
  });
});
