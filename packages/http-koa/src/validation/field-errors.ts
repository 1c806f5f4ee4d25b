import type { TSchema } from '@sinclair/typebox';
import type { ValueError } from '@sinclair/typebox/errors';
import { ValueErrorType } from '@sinclair/typebox/errors';
import type { FieldError } from '@webhooks/domain';

/** Most field errors one answer lists; past it the client has enough to go on. */
const MAX_ERRORS = 50;

/** A union whose variant is chosen by one property, as `discriminatedUnion` builds it. */
interface Discriminated {
  readonly discriminator: { readonly propertyName: string };
  readonly anyOf: readonly TSchema[];
}

/**
 * Turns TypeBox errors into `{ path, message }` with dotted paths (`user.id`, `addForms.0`), one per
 * field (the first, most telling error wins). A failed discriminated union reports the errors of
 * the variant its discriminator names only; a failed nullable reports those of its non-null branch.
 */
export function fieldErrors(errors: Iterable<ValueError>): FieldError[] {
  const byPath = new Map<string, string>();
  const add = (path: string, message: string) => {
    if (!byPath.has(path)) byPath.set(path, message);
  };
  const collect = (list: Iterable<ValueError>): void => {
    for (const error of list) {
      if (byPath.size >= MAX_ERRORS) return;
      const branch = error.type === ValueErrorType.Union ? unionBranch(error) : null;
      if (branch === null) add(dotted(error.path), messageOf(error));
      else if ('message' in branch) add(branch.path, branch.message);
      else collect(branch);
    }
  };
  collect(errors);
  return [...byPath].map(([path, message]) => ({ path, message }));
}

/**
 * The errors of the one branch of a failed union worth reporting, a field error of the
 * discriminator itself, or null to report the union as a whole.
 */
function unionBranch(error: ValueError): Iterable<ValueError> | FieldError | null {
  const schema = error.schema as TSchema & Partial<Discriminated>;
  const variants = schema.anyOf ?? [];
  if (schema.discriminator) {
    if (!isRecord(error.value)) return { path: dotted(error.path), message: 'must be an object' };
    const name = schema.discriminator.propertyName;
    const tag = error.value[name];
    const index = variants.findIndex((v) => (v.properties as Record<string, TSchema> | undefined)?.[name]?.const === tag);
    if (index >= 0) return error.errors[index] ?? null;
    const allowed = variants.map((v) => String((v.properties as Record<string, TSchema>)[name]?.const)).join(', ');
    return { path: dotted(`${error.path}/${name}`), message: tag === undefined ? 'is required' : `must be one of: ${allowed}` };
  }
  // A nullable value that is neither null nor valid: what is wrong with the non-null branch.
  const nonNull = variants.findIndex((v) => v.type !== 'null');
  if (variants.length === 2 && variants.some((v) => v.type === 'null') && error.value !== null && nonNull >= 0) {
    return error.errors[nonNull] ?? null;
  }
  return null;
}

/** `/user/id` → `user.id`; `` (the whole body) stays ``. */
export function dotted(pointer: string): string {
  return pointer
    .split('/')
    .slice(1)
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .join('.');
}

/** A short, plain message for the common errors; TypeBox's own for the rest. */
function messageOf(error: ValueError): string {
  const s = error.schema as Record<string, unknown>;
  switch (error.type) {
    case ValueErrorType.ObjectRequiredProperty:
      return 'is required';
    case ValueErrorType.ObjectAdditionalProperties:
      return 'is not a known field';
    case ValueErrorType.Object:
      return 'must be an object';
    case ValueErrorType.ObjectMinProperties:
      return `must have at least ${String(s['minProperties'])} field(s)`;
    case ValueErrorType.ObjectMaxProperties:
      return `must have at most ${String(s['maxProperties'])} fields`;
    case ValueErrorType.String:
      return 'must be a string';
    case ValueErrorType.StringMinLength:
      return s['minLength'] === 1 ? 'must not be empty' : `must be at least ${String(s['minLength'])} characters`;
    case ValueErrorType.StringMaxLength:
      return `must be at most ${String(s['maxLength'])} characters`;
    case ValueErrorType.StringPattern:
      return typeof s['description'] === 'string' ? `must be ${lowerFirst(s['description'])}` : `must match ${String(s['pattern'])}`;
    case ValueErrorType.StringFormat:
      return s['format'] === 'date-time' ? 'must be an ISO 8601 date-time with a zone, such as 2026-01-31T12:00:00Z' : `must be a valid ${String(s['format'])}`;
    case ValueErrorType.Integer:
      return 'must be an integer';
    case ValueErrorType.Number:
      return 'must be a number';
    case ValueErrorType.NumberMinimum:
    case ValueErrorType.IntegerMinimum:
      return `must be at least ${String(s['minimum'])}`;
    case ValueErrorType.NumberMaximum:
    case ValueErrorType.IntegerMaximum:
      return `must be at most ${String(s['maximum'])}`;
    case ValueErrorType.Boolean:
      return 'must be true or false';
    case ValueErrorType.Array:
      return 'must be an array';
    case ValueErrorType.ArrayMinItems:
      return `must have at least ${String(s['minItems'])} item(s)`;
    case ValueErrorType.ArrayMaxItems:
      return `must have at most ${String(s['maxItems'])} items`;
    case ValueErrorType.ArrayUniqueItems:
      return 'must not repeat an item';
    case ValueErrorType.Literal:
      return `must be ${JSON.stringify(s['const'])}`;
    case ValueErrorType.Union:
      return literalChoices(s) ?? describedChoices(s) ?? error.message;
    default:
      return error.message;
  }
}

/** `must be one of: a, b` for a union of literals. */
function literalChoices(schema: Record<string, unknown>): string | null {
  const variants = (schema['anyOf'] ?? []) as readonly Record<string, unknown>[];
  const consts = variants.map((v) => v['const']);
  return consts.length > 0 && consts.every((c) => typeof c === 'string') ? `must be one of: ${consts.join(', ')}` : null;
}

/** `must be <a>, or <b>` for a union whose every branch describes itself (a string id or a whole number). */
function describedChoices(schema: Record<string, unknown>): string | null {
  const variants = (schema['anyOf'] ?? []) as readonly Record<string, unknown>[];
  const described = variants.map((v) => v['description']);
  if (variants.length < 2 || !described.every((d): d is string => typeof d === 'string')) return null;
  return `must be ${described.map(lowerFirst).join(', or ')}`;
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1).replace(/\.$/, '');
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
