import { describe, expect, it } from '@jest/globals';
import * as completion from './completion.js';

describe('completion', () => {
  describe('when imported as the folder entry', () => {
    it('should offer every completion rule', () => {
      expect(Object.keys(completion).sort()).toEqual(
        [
          'applySubmission',
          'assignForm',
          'assignOnAccountCreated',
          'assignOnChildCreated',
          'audienceFor',
          'audienceMismatch',
          'completionEdge',
          'isComplete',
          'roleOf',
          'stateOf',
          'unassignForm',
          'userForms',
        ].sort(),
      );
    });
  });
});
