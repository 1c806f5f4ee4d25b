import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { EVENT_CATALOG, eventType } from './event-catalog.js';
import { concreteKey, isFormId, parseEventKey } from './event-key.js';

const FORM_ID_CHARS = [...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-'];
const formIdArb = fc.string({ unit: fc.constantFrom(...FORM_ID_CHARS), minLength: 1, maxLength: 64 });
const perFormRows = EVENT_CATALOG.filter((type) => type.formPrefix !== null);
const plainRows = EVENT_CATALOG.filter((type) => type.formPrefix === null);
const perFormRowArb = fc.constantFrom(...perFormRows);
const prefixes = perFormRows.map((type) => type.formPrefix ?? '');

describe('parseEventKey', () => {
  describe('when the key is a catalog key that is not per form', () => {
    it.each(plainRows.map((type) => type.key))('should read %s as its row, with no form id', (key) => {
      expect(parseEventKey(key, [])).toEqual({ kind: 'ok', type: eventType(key), formId: null });
    });

    it('should read form_preprocess as the all-forms row, not as a per-form key', () => {
      expect(parseEventKey('form_preprocess', null)).toEqual({ kind: 'ok', type: eventType('form_preprocess'), formId: null });
    });
  });

  describe('when the key is a per-form prefix followed by a form id', () => {
    it('should read form_submit_42 as form_submit_{form} of form 42', () => {
      expect(parseEventKey('form_submit_42', null)).toEqual({ kind: 'ok', type: eventType('form_submit_{form}'), formId: '42' });
    });

    it('should let the longest prefix win, so form_preprocess_7 is form 7 of form_preprocess_{form}', () => {
      expect(parseEventKey('form_preprocess_7', null)).toEqual({
        kind: 'ok',
        type: eventType('form_preprocess_{form}'),
        formId: '7',
      });
    });

    it('should read any valid form id of any per-form row, and concreteKey should give the key back', () => {
      fc.assert(
        fc.property(perFormRowArb, formIdArb, (type, formId) => {
          const key = concreteKey(type, formId);
          expect(parseEventKey(key, null)).toEqual({ kind: 'ok', type, formId });
          expect(parseEventKey(key, [{ id: 'other' }, { id: formId }])).toEqual({ kind: 'ok', type, formId });
        }),
      );
    });
  });

  describe('when the key is a pattern rather than a concrete key', () => {
    it.each(['form_submit_*', 'form_submit_{form}', 'form_submit_', 'form_submit_4*'])(
      'should refuse %s and say to replace * with a form id',
      (key) => {
        expect(parseEventKey(key, null)).toEqual({
          kind: 'error',
          message: 'form_submit_* is a pattern: replace * with a form id, as in form_submit_42',
        });
      },
    );

    it('should refuse the pattern of every per-form row with its own example', () => {
      for (const type of perFormRows) {
        const result = parseEventKey(type.key, null);
        expect(result).toEqual({
          kind: 'error',
          message: `${type.formPrefix}* is a pattern: replace * with a form id, as in ${type.formPrefix}42`,
        });
        expect(parseEventKey(`${type.formPrefix}*`, null)).toEqual(result);
      }
    });
  });

  describe('when the key is not in the catalog', () => {
    it('should refuse any key that is neither a catalog key nor a per-form key', () => {
      fc.assert(
        fc.property(
          fc.string({ maxLength: 100 }).filter(
            (key) => !plainRows.some((type) => type.key === key) && !prefixes.some((prefix) => key.startsWith(prefix)),
          ),
          (key) => {
            const result = parseEventKey(key, null);
            expect(result.kind).toBe('error');
          },
        ),
      );
    });

    it('should point to the public catalog and list none of the project forms', () => {
      const forms = [{ id: 'secret_form_91' }, { id: 'payroll-2024' }];
      const result = parseEventKey('form_sbumit_42', forms);
      expect(result).toEqual({ kind: 'error', message: 'unknown event "form_sbumit_42": GET /v1/event-types lists the events' });
      if (result.kind === 'error') {
        for (const form of forms) expect(result.message).not.toContain(form.id);
      }
    });

    it('should quote at most 80 characters of a long unknown key', () => {
      const result = parseEventKey('x'.repeat(5000), null);
      expect(result.kind === 'error' && result.message.length < 200).toBe(true);
    });

    it('should not read keys by case or with spaces', () => {
      expect(parseEventKey('User_Registered', null).kind).toBe('error');
      expect(parseEventKey('user_registered ', null).kind).toBe('error');
    });
  });

  describe('when the form id is malformed', () => {
    it('should refuse a form id with a character outside [A-Za-z0-9_-]', () => {
      fc.assert(
        fc.property(
          perFormRowArb,
          fc.string({ minLength: 1, maxLength: 20 }).filter((id) => !isFormId(id) && !id.includes('*') && id !== '{form}'),
          (type, formId) => {
            const result = parseEventKey(`${type.formPrefix}${formId}`, null);
            expect(result.kind).toBe('error');
            expect(result.kind === 'error' && result.message.includes('is not a form id')).toBe(true);
          },
        ),
      );
    });

    it('should refuse a form id longer than 64 characters', () => {
      expect(parseEventKey(`form_submit_${'a'.repeat(64)}`, null).kind).toBe('ok');
      expect(parseEventKey(`form_submit_${'a'.repeat(65)}`, null).kind).toBe('error');
    });
  });

  describe('when the project forms are given', () => {
    it('should refuse a form id the project does not have, naming it', () => {
      expect(parseEventKey('form_load_77', [{ id: '42' }])).toEqual({
        kind: 'error',
        message: 'unknown form id "77" in event form_load_77',
      });
    });

    it('should accept any well-formed form id when the forms are not given', () => {
      expect(parseEventKey('form_load_77', null).kind).toBe('ok');
    });
  });
});

describe('concreteKey', () => {
  describe('when the row is not per form', () => {
    it('should return the row key', () => {
      expect(concreteKey(eventType('payment_event'), null)).toBe('payment_event');
    });

    it('should throw when given a form id, since that is a bug', () => {
      expect(() => concreteKey(eventType('payment_event'), '42')).toThrow('not per form');
    });
  });

  describe('when the row is per form', () => {
    it('should append the form id to the prefix', () => {
      expect(concreteKey(eventType('form_viewed_{form}'), 'f-1')).toBe('form_viewed_f-1');
    });

    it('should throw without a valid form id, since that is a bug', () => {
      expect(() => concreteKey(eventType('form_viewed_{form}'), null)).toThrow('needs a valid form id');
      expect(() => concreteKey(eventType('form_viewed_{form}'), '*')).toThrow('needs a valid form id');
    });
  });
});
