import fc from 'fast-check';
import type { Schema } from './openapi-operations.js';

/** A position in a JSON value: property names and array indexes from the root. */
export type JsonPath = readonly (string | number)[];

/** `['user', 'id']` → `user.id`, the way the service names fields in its errors; `[]` → ``. */
export const dotted = (path: JsonPath): string => path.join('.');

/** How valid values are made: the document's `$ref`s, and chosen values for fields the domain checks further. */
export interface ValueContext {
  readonly resolve: (schema: Schema) => Schema;
  /**
   * A value for the field at `path` named `name`, when the schema alone would make one the domain
   * refuses or one that reaches outside 127.0.0.0/8 (URLs, event keys, ids of existing things).
   */
  readonly override?: (name: string | number, path: JsonPath) => fc.Arbitrary<unknown> | undefined;
}

/** RFC 3339 date-times from 2000 to 2100, with a `Z` or an offset. */
const dateTime = fc
  .tuple(fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2100, 0, 1) }), fc.constantFrom('Z', '+00:00', '+05:30', '-08:00'))
  .map(([ms, zone]) => {
    const iso = new Date(ms).toISOString();
    return zone === 'Z' ? iso : `${iso.slice(0, -1)}${zone}`;
  });
/** Plain addresses every checker accepts. */
const email = fc
  .tuple(fc.stringMatching(/^[a-z][a-z0-9]{0,15}$/), fc.stringMatching(/^[a-z][a-z0-9-]{0,10}[a-z0-9]$/), fc.constantFrom('com', 'org', 'example'))
  .map(([local, domain, tld]) => `${local}@${domain}.${tld}`);

/** The JSON types a schema admits (`integer` for whole numbers), or null when it admits any value. */
export function admittedTypes(schema: Schema, resolve: (s: Schema) => Schema): Set<string> | null {
  const s = resolve(schema);
  if ('const' in s) return new Set([jsonType(s['const'])]);
  if (Array.isArray(s['enum'])) return new Set((s['enum'] as unknown[]).map(jsonType));
  const branches = (s['oneOf'] ?? s['anyOf']) as Schema[] | undefined;
  if (branches) {
    const all = new Set<string>();
    for (const branch of branches) {
      const types = admittedTypes(branch, resolve);
      if (types === null) return null;
      types.forEach((t) => all.add(t));
    }
    return all;
  }
  const type = s['type'];
  if (typeof type === 'string') return new Set(type === 'number' ? ['number', 'integer'] : [type]);
  if (Array.isArray(type)) return new Set(type as string[]);
  return null;
}

/** The JSON type of a value: `integer` for whole numbers. */
export function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

/** Whether a value of JSON type `type` is admitted by `types`. */
export const admits = (types: Set<string>, type: string): boolean => types.has(type) || (type === 'integer' && types.has('number'));

/** The branch of a union a value was made from: by discriminator, else the first whose type fits. */
export function branchOf(schema: Schema, value: unknown, resolve: (s: Schema) => Schema): Schema | null {
  const branches = ((schema['oneOf'] ?? schema['anyOf']) as Schema[] | undefined)?.map(resolve);
  if (!branches) return null;
  const discriminator = (schema['discriminator'] as { propertyName?: string } | undefined)?.propertyName;
  if (discriminator && typeof value === 'object' && value !== null) {
    const tag = (value as Record<string, unknown>)[discriminator];
    return branches.find((b) => (b['properties'] as Record<string, Schema> | undefined)?.[discriminator]?.['const'] === tag) ?? null;
  }
  return branches.find((b) => {
    const types = admittedTypes(b, resolve);
    return types === null || admits(types, jsonType(value));
  }) ?? null;
}

/**
 * An arbitrary of values valid against a JSON Schema of the document: objects with their required
 * fields and some optional ones, strings within their length, pattern and format, numbers within
 * their bounds, arrays within their sizes, unions through one branch, free JSON where any value goes.
 * Sizes stay small: the bad-input suite makes them large on purpose, one field at a time.
 */
export function validValue(schema: Schema, ctx: ValueContext, path: JsonPath = []): fc.Arbitrary<unknown> {
  const s = ctx.resolve(schema);
  const name = path[path.length - 1];
  const chosen = name === undefined ? undefined : ctx.override?.(name, path);
  if (chosen) return chosen;
  if ('const' in s) return fc.constant(s['const']);
  if (Array.isArray(s['enum'])) return fc.constantFrom(...(s['enum'] as unknown[]));
  const branches = (s['oneOf'] ?? s['anyOf']) as Schema[] | undefined;
  if (branches) return fc.oneof(...branches.map((b) => validValue(b, ctx, path)));
  switch (s['type']) {
    case 'object':
      return objectValue(s, ctx, path);
    case 'array': {
      const items = validValue((s['items'] as Schema | undefined) ?? {}, ctx, [...path, 0]);
      const minLength = num(s['minItems']) ?? 0;
      const maxLength = Math.min(num(s['maxItems']) ?? minLength + 3, minLength + 3);
      return s['uniqueItems'] ? fc.uniqueArray(items, { minLength, maxLength, selector: (v) => JSON.stringify(v) }) : fc.array(items, { minLength, maxLength });
    }
    case 'string':
      return stringValue(s);
    case 'integer':
      return fc.integer({ min: num(s['minimum']) ?? -1000, max: num(s['maximum']) ?? 1000 });
    case 'number':
      return fc.double({ min: num(s['minimum']) ?? -1000, max: num(s['maximum']) ?? 1000, noNaN: true, noDefaultInfinity: true });
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    default:
      // Any JSON value (a free-form field).
      return fc.jsonValue({ maxDepth: 2 });
  }
}

function objectValue(s: Schema, ctx: ValueContext, path: JsonPath): fc.Arbitrary<unknown> {
  const properties = (s['properties'] as Record<string, Schema> | undefined) ?? {};
  const minProperties = num(s['minProperties']) ?? 0;
  if (Object.keys(properties).length === 0 && s['patternProperties']) {
    const [pattern, valueSchema] = Object.entries(s['patternProperties'] as Record<string, Schema>)[0] ?? ['^.+$', {}];
    const key = fc.stringMatching(new RegExp(pattern)).filter((k) => k.length <= 40 && !k.includes('\n'));
    return fc.dictionary(key, validValue(valueSchema, ctx, [...path, '*']), { minKeys: minProperties, maxKeys: Math.min(num(s['maxProperties']) ?? 4, 4) });
  }
  const required = (s['required'] as string[] | undefined) ?? [];
  const model: Record<string, fc.Arbitrary<unknown>> = {};
  for (const [key, property] of Object.entries(properties)) model[key] = validValue(property, ctx, [...path, key]);
  const record = fc.record(model, { requiredKeys: required });
  return minProperties > 0 ? record.filter((o) => Object.keys(o).length >= minProperties) : record;
}

function stringValue(s: Schema): fc.Arbitrary<string> {
  const minLength = num(s['minLength']) ?? 0;
  const maxLength = num(s['maxLength']) ?? 10_000;
  if (s['format'] === 'date-time') return dateTime;
  if (s['format'] === 'email') return email;
  if (typeof s['pattern'] === 'string') {
    const re = new RegExp(s['pattern']);
    return fc.stringMatching(re).filter((v) => v.length >= minLength && v.length <= maxLength && re.test(v));
  }
  return fc.string({ minLength, maxLength: Math.min(maxLength, Math.max(minLength, 24)), unit: 'grapheme-ascii' });
}

function num(value: unknown): number | undefined {
  return typeof value === 'number' ? value : undefined;
}
