import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { MAX_FOCUS_LENGTH, MAX_JDOC_KEYS, MAX_MESSAGE_LENGTH, parseSubscriberAnswer } from './subscriber-answer.js';

const parse = (value: unknown): ReturnType<typeof parseSubscriberAnswer> => parseSubscriberAnswer(JSON.stringify(value));

describe('parseSubscriberAnswer', () => {
  describe('when the body is empty or blank', () => {
    it('should be an empty answer', () => {
      expect(parseSubscriberAnswer('')).toEqual({ kind: 'ok', answer: {} });
      expect(parseSubscriberAnswer(' \n\t ')).toEqual({ kind: 'ok', answer: {} });
    });
  });

  describe('when the body is not a JSON object', () => {
    it.each([['{not json'], ['[]'], ['"text"'], ['42'], ['null'], ['<html></html>']])(
      'should be invalid with a reason for %j',
      (body) => {
        const result = parseSubscriberAnswer(body);
        expect(result.kind).toBe('invalid');
        expect(result.kind === 'invalid' && result.reason.length > 0).toBe(true);
      },
    );
  });

  describe('when every field is given', () => {
    it('should read them all, renaming to camelCase', () => {
      expect(
        parse({
          msg: 'Check your email',
          msg_type: 'warning',
          jdoc: { email: 'a@b.c', count: 2 },
          focus_on: 'email',
          redirect: 'https://example.com/next',
        }),
      ).toEqual({
        kind: 'ok',
        answer: {
          msg: 'Check your email',
          msgType: 'warning',
          jdoc: { email: 'a@b.c', count: 2 },
          focusOn: 'email',
          redirect: 'https://example.com/next',
        },
      });
    });
  });

  describe('when msg comes without msg_type', () => {
    it('should read the message as information', () => {
      expect(parse({ msg: 'Hi' })).toEqual({ kind: 'ok', answer: { msg: 'Hi', msgType: 'information' } });
    });
  });

  describe('when msg_type is given', () => {
    it('should read it case-insensitively, info as information', () => {
      expect(parse({ msg: 'x', msg_type: 'Info' })).toEqual({ kind: 'ok', answer: { msg: 'x', msgType: 'information' } });
      expect(parse({ msg: 'x', msg_type: 'ERROR' })).toEqual({ kind: 'ok', answer: { msg: 'x', msgType: 'error' } });
    });

    it('should keep a type sent without a message', () => {
      expect(parse({ msg_type: 'error' })).toEqual({ kind: 'ok', answer: { msgType: 'error' } });
    });

    it('should make the answer invalid for an unknown type or a non-string', () => {
      expect(parse({ msg: 'x', msg_type: 'fatal' }).kind).toBe('invalid');
      expect(parse({ msg: 'x', msg_type: 3 }).kind).toBe('invalid');
    });
  });

  describe('when fields are null or empty strings', () => {
    it('should read them as absent', () => {
      expect(parse({ msg: null, msg_type: null, jdoc: null, focus_on: '', redirect: '' })).toEqual({ kind: 'ok', answer: {} });
      expect(parse({ msg: '' })).toEqual({ kind: 'ok', answer: {} });
    });
  });

  describe('when unknown fields are present', () => {
    it('should ignore them', () => {
      expect(parse({ msg: 'x', extra: { deep: true }, status: 'ok' })).toEqual({
        kind: 'ok',
        answer: { msg: 'x', msgType: 'information' },
      });
    });
  });

  describe('when a field breaks its bounds or type', () => {
    it('should make the answer invalid', () => {
      expect(parse({ msg: 'x'.repeat(MAX_MESSAGE_LENGTH) }).kind).toBe('ok');
      expect(parse({ msg: 'x'.repeat(MAX_MESSAGE_LENGTH + 1) }).kind).toBe('invalid');
      expect(parse({ msg: 12 }).kind).toBe('invalid');
      expect(parse({ focus_on: 'f'.repeat(MAX_FOCUS_LENGTH) }).kind).toBe('ok');
      expect(parse({ focus_on: 'f'.repeat(MAX_FOCUS_LENGTH + 1) }).kind).toBe('invalid');
      expect(parse({ focus_on: ['a'] }).kind).toBe('invalid');
      expect(parse({ jdoc: [1, 2] }).kind).toBe('invalid');
      expect(parse({ jdoc: 'a=1' }).kind).toBe('invalid');
      expect(parse({ redirect: 7 }).kind).toBe('invalid');
    });

    it('should accept a jdoc of the largest size and refuse a larger one', () => {
      const jdoc = (n: number): Record<string, number> => Object.fromEntries(Array.from({ length: n }, (_, i) => [`f${i}`, i]));
      expect(parse({ jdoc: jdoc(MAX_JDOC_KEYS) }).kind).toBe('ok');
      expect(parse({ jdoc: jdoc(MAX_JDOC_KEYS + 1) })).toEqual({ kind: 'invalid', reason: expect.stringContaining('jdoc') });
    });
  });

  describe('when the answer holds text no store can keep, or nests too deep', () => {
    it.each([
      ['a NUL in a message', '{"msg":"hi\\u0000"}', 'msg must not contain the NUL character'],
      ['a NUL in an unknown field', '{"extra":["\\u0000"]}', 'extra.0 must not contain the NUL character'],
      ['a lone surrogate in a patched value', '{"jdoc":{"name":"\\ud800"}}', 'jdoc.name must be valid Unicode'],
      ['a lone surrogate in a field name', '{"jdoc":{"\\udc00x":1}}', 'must be valid Unicode'],
      ['30,000 levels of nesting', `{"jdoc":{"name":${'['.repeat(30_000)}${']'.repeat(30_000)}}}`, 'is nested more than 32 levels deep'],
    ])('should make the answer invalid for %s, naming where', (_what, body, reason) => {
      expect(parseSubscriberAnswer(body)).toEqual({ kind: 'invalid', reason: expect.stringContaining(reason) });
    });

    it('should accept nesting up to the limit', () => {
      expect(parseSubscriberAnswer(`{"jdoc":{"name":${'['.repeat(30)}${']'.repeat(30)}}}`).kind).toBe('ok');
    });
  });

  describe('when the answer was cut short by the transport', () => {
    it('should be invalid, even when the part read is blank or valid', () => {
      expect(parseSubscriberAnswer(' '.repeat(100), true)).toEqual({ kind: 'invalid', reason: 'the answer is longer than the service reads' });
      expect(parseSubscriberAnswer('{}', true).kind).toBe('invalid');
    });
  });

  describe('when redirect is not an absolute http(s) URL', () => {
    it.each([['javascript:alert(1)'], ['/next'], ['ftp://example.com/'], ['example.com']])('should make the answer invalid for %j', (redirect) => {
      expect(parse({ msg: 'x', redirect })).toEqual({ kind: 'invalid', reason: expect.stringContaining('redirect') });
    });
  });

  describe('when jdoc names __proto__', () => {
    it('should keep it as a plain field, not a prototype', () => {
      const result = parseSubscriberAnswer('{"jdoc":{"__proto__":{"polluted":true}}}');
      expect(result.kind).toBe('ok');
      const jdoc = result.kind === 'ok' ? result.answer.jdoc : undefined;
      expect(jdoc !== undefined && Object.hasOwn(jdoc, '__proto__')).toBe(true);
      expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    });
  });

  describe('when given any string at all', () => {
    it('should answer ok or invalid, never throw', () => {
      fc.assert(
        fc.property(fc.oneof(fc.string(), fc.json()), (body) => {
          expect(['ok', 'invalid']).toContain(parseSubscriberAnswer(body).kind);
        }),
      );
    });
  });
});
