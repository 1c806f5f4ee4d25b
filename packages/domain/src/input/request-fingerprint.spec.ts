import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import type { Activity, FormInteraction } from '../model/activity.js';
import { activityFingerprint, canonicalJson, interactionFingerprint } from './request-fingerprint.js';

/** The same object with its keys in reverse order, at any depth. */
function reordered(value: unknown): unknown {
  if (value instanceof Date) return value;
  if (Array.isArray(value)) return value.map(reordered);
  if (typeof value === 'object' && value !== null) return Object.fromEntries(Object.entries(value).reverse().map(([k, v]) => [k, reordered(v)]));
  return value;
}

describe('canonicalJson', () => {
  it('should not depend on the order keys were written in', () => {
    fc.assert(fc.property(fc.jsonValue(), (value) => expect(canonicalJson(reordered(value))).toBe(canonicalJson(value))));
  });

  it('should read back as the same value', () => {
    fc.assert(fc.property(fc.jsonValue(), (value) => expect(JSON.parse(canonicalJson(value))).toEqual(JSON.parse(JSON.stringify(value)))));
  });

  it('should keep numbers and strings apart, write dates as ISO strings and leave out undefined', () => {
    expect(canonicalJson({ id: 42 })).not.toBe(canonicalJson({ id: '42' }));
    expect(canonicalJson({ b: undefined, a: new Date('2026-01-01T00:00:00Z') })).toBe('{"a":"2026-01-01T00:00:00.000Z"}');
  });
});

const activity: Activity = { id: 'a1', type: 'login', origin: 'applicant', occurredAt: new Date('2026-01-01T00:00:00Z'), via: 'password', user: { id: 'u1', username: 'ann' } };

describe('activityFingerprint', () => {
  it('should be the same for the same activity, whatever the key order', () => {
    expect(activityFingerprint(reordered(activity) as Activity)).toBe(activityFingerprint(activity));
    expect(activityFingerprint(activity)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('should differ when anything differs', () => {
    const changes: Partial<Activity>[] = [{ origin: 'admin' }, { occurredAt: new Date('2026-01-01T00:00:01Z') }, { user: { id: 'u1', username: 'bob' } }, { user: { id: 1, username: 'ann' } }];
    for (const change of changes) expect(activityFingerprint({ ...activity, ...change } as Activity)).not.toBe(activityFingerprint(activity));
  });
});

describe('interactionFingerprint', () => {
  const interaction: FormInteraction = { id: 'i1', moment: 'submission', origin: 'applicant', formId: 'f1', user: { id: 'u1', username: 'ann' }, doc: { a: 1 }, complete: true };

  it('should tell moments, forms and bodies apart, and an interaction from an activity', () => {
    expect(interactionFingerprint({ ...interaction })).toBe(interactionFingerprint(interaction));
    for (const change of [{ moment: 'preprocess' }, { formId: 'f2' }, { doc: { a: 2 } }, { complete: false }, { occurredAt: new Date(0) }] as Partial<FormInteraction>[]) {
      expect(interactionFingerprint({ ...interaction, ...change })).not.toBe(interactionFingerprint(interaction));
    }
  });
});
