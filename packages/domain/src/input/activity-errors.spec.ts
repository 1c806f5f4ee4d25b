import { describe, expect, it } from '@jest/globals';
import type { Activity, FormInteraction } from '../model/activity.js';
import { activityErrors } from './activity-errors.js';
import { interactionErrors } from './interaction-errors.js';

const BASE = { origin: 'applicant', occurredAt: new Date('2026-01-01T00:00:00Z') } as const;

describe('activityErrors', () => {
  it('should find nothing wrong with ids as strings or whole numbers', () => {
    expect(activityErrors({ ...BASE, id: 17, type: 'registered', user: { id: 42, username: 'a', parentId: 0 } })).toEqual([]);
    expect(activityErrors({ ...BASE, id: 'a-1', type: 'status_changed', users: [{ id: 'u1', username: 'a' }], status: { to: 'in' } })).toEqual([]);
  });

  it('should name every number id that is not a whole number from 0 to 2^53 − 1, by its path', () => {
    const errors = activityErrors({
      ...BASE,
      id: 1.5,
      type: 'tag_changed',
      users: [{ id: 'ok', username: 'a' }, { id: -3, username: 'b', parentId: 2 ** 60 }],
      tag: { name: 't', action: 'added' },
    });
    expect(errors.map((e) => e.path)).toEqual(['id', 'users.1.id', 'users.1.parentId']);
  });

  it("should name a user's fields out of bounds", () => {
    const errors = activityErrors({ ...BASE, id: 'a', type: 'login', via: 'password', user: { id: 'u', username: 'a', fields: { a: { b: { c: { d: 1 } } } } } });
    expect(errors).toEqual([{ path: 'user.fields', message: expect.stringMatching(/levels deep/) }]);
  });

  it('should name a payment kind not of the list, listing the kinds', () => {
    const payment = { ...BASE, id: 'p', type: 'payment', kind: 'chargeback', user: { id: 'u', username: 'a' }, payment: {}, cart: {}, allocations: [] };
    expect(activityErrors(payment as unknown as Activity)).toEqual([{ path: 'kind', message: 'must be one of: issued, approved, pending, failed, refunded, cancelled' }]);
  });
});

describe('interactionErrors', () => {
  const interaction = (over: Partial<FormInteraction>): FormInteraction => ({ ...BASE, id: 9, moment: 'submission', formId: 'f', user: { id: 1, username: 'a' }, doc: {}, complete: false, ...over });

  it('should find nothing wrong with a submission that says whether it completes its form', () => {
    expect(interactionErrors(interaction({}))).toEqual([]);
    expect(interactionErrors(interaction({ complete: true }))).toEqual([]);
  });

  it('should require complete on a submission only', () => {
    const { complete: _c, ...withoutComplete } = interaction({});
    expect(interactionErrors(withoutComplete).map((e) => e.path)).toEqual(['complete']);
    expect(interactionErrors({ ...withoutComplete, moment: 'preprocess' })).toEqual([]);
    expect(interactionErrors({ ...withoutComplete, moment: 'load' })).toEqual([]);
  });

  it('should name bad number ids and fields of the user', () => {
    expect(interactionErrors(interaction({ id: -1, user: { id: 0.5, username: 'a', fields: { ['x'.repeat(101)]: 1 } } })).map((e) => e.path)).toEqual([
      'id',
      'user.id',
      'user.fields',
    ]);
  });
});
