import { describe, expect, it } from '@jest/globals';
import { Type } from '@sinclair/typebox';
import { DiscriminatedUnion, Nullable, PlatformId, Strict } from '../schemas/common.schema.js';
import { dotted } from './field-errors.js';
import { compileValidator } from './validator.js';

describe('dotted', () => {
  describe('when given a JSON pointer', () => {
    it('should join its parts with dots and unescape them', () => {
      expect(dotted('')).toBe('');
      expect(dotted('/user/id')).toBe('user.id');
      expect(dotted('/addForms/0')).toBe('addForms.0');
      expect(dotted('/a~1b/c~0d')).toBe('a/b.c~d');
    });
  });
});

describe('compileValidator', () => {
  const Shape = DiscriminatedUnion('kind', [
    Strict({ kind: Type.Literal('circle'), radius: Type.Number({ minimum: 0 }) }),
    Strict({ kind: Type.Literal('square'), side: Type.Number(), label: Nullable(Type.String({ maxLength: 3 })) }),
  ]);
  const validate = compileValidator(Strict({ shapes: Type.Array(Shape, { maxItems: 2 }) }));

  describe('when a discriminated union fails', () => {
    it("should report the named variant's errors only", () => {
      expect(validate({ shapes: [{ kind: 'circle', radius: -1 }] })).toEqual({ ok: false, errors: [{ path: 'shapes.0.radius', message: 'must be at least 0' }] });
    });

    it('should name the discriminator when it names no variant', () => {
      expect(validate({ shapes: [{ kind: 'hexagon' }] })).toEqual({ ok: false, errors: [{ path: 'shapes.0.kind', message: 'must be one of: circle, square' }] });
      expect(validate({ shapes: [{}] })).toEqual({ ok: false, errors: [{ path: 'shapes.0.kind', message: 'is required' }] });
    });
  });

  describe('when a nullable value fails', () => {
    it('should report what is wrong with the value, not the union', () => {
      expect(validate({ shapes: [{ kind: 'square', side: 1, label: 'long' }] })).toEqual({
        ok: false,
        errors: [{ path: 'shapes.0.label', message: 'must be at most 3 characters' }],
      });
    });
  });

  describe('when a union of described branches fails (an id as a string or a number)', () => {
    it('should say what each branch takes', () => {
      const id = compileValidator(Strict({ id: PlatformId }));
      expect(id({ id: -1 })).toEqual({
        ok: false,
        errors: [{ path: 'id', message: "must be 1 to 128 letters, digits, '.', '_', ':', '@' or '-', starting with a letter or digit, or a whole number from 0 to 2^53 − 1" }],
      });
      expect(id({ id: 42 })).toEqual({ ok: true, value: { id: 42 } });
    });
  });

  describe('when the value is valid', () => {
    it('should answer it', () => {
      const value = { shapes: [{ kind: 'square', side: 1, label: null }] };
      expect(validate(value)).toEqual({ ok: true, value });
    });
  });
});
