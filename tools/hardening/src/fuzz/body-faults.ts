import fc from 'fast-check';
import type { Schema } from './openapi-operations.js';
import type { JsonPath, ValueContext } from './schema-values.js';
import { admits, admittedTypes, branchOf, dotted, jsonType, validValue } from './schema-values.js';
import { BAD_DATE_TIMES, BAD_EMAILS, HOSTILE_KEYS, HOSTILE_STRINGS, enumMisses, patternMisses } from './hostile-values.js';

/** A body that breaks its schema in one place, and where the service must say so. */
export interface BodyFault {
  /** What was broken: `wrong-type`, `missing-required`, `unknown-field`, `too-long`, … */
  readonly kind: string;
  /** The dotted path of the broken field (`` for the whole body). */
  readonly at: string;
  /** The JSON text sent. */
  readonly text: string;
}

/** One place of a valid value where it can be broken. */
export interface Site {
  readonly path: JsonPath;
  readonly schema: Schema;
  readonly value: unknown;
}

/** How a site is broken: its new value, or (for an object) a field removed or added. */
export type Edit =
  | { readonly kind: string; readonly op: 'set'; readonly value: unknown; readonly raw?: string }
  | { readonly kind: string; readonly op: 'delete'; readonly key: string }
  | { readonly kind: string; readonly op: 'add'; readonly key: string; readonly value: unknown };

/** Stands in the JSON text for a value too deep to build as an object (JSON.stringify would overflow). */
export const DEEP = '\u0001DEEP\u0001';

/** The nesting depths tried where a scalar or a differently shaped value is expected. */
export const DEPTHS = [64, 1_000, 10_000, 100_000] as const;

/** `n` nested arrays (or objects), as JSON text. */
export function deepText(depth: number, shape: 'array' | 'object'): string {
  return shape === 'array' ? `${'['.repeat(depth)}${']'.repeat(depth)}` : `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
}

/**
 * Bodies that are valid JSON and break their schema in exactly one place: a wrong type (deeply
 * nested ones included), a required field missing, an unknown field (`__proto__` among them), a
 * string too long or too short, off its pattern or format or enum, a number out of bounds or not
 * whole, an array or object of the wrong size or with repeats.
 */
export function bodyFaults(schema: Schema, ctx: ValueContext): fc.Arbitrary<BodyFault> {
  return validValue(schema, ctx).chain((value) => {
    const choices = sitesOf(schema, value, [], ctx).flatMap((site) => editsAt(site, ctx).map((edit) => edit.map((e) => ({ site, edit: e }))));
    if (choices.length === 0) throw new Error(`no way to break a value of ${JSON.stringify(schema).slice(0, 200)}`);
    return fc.oneof(...choices).map(({ site, edit }) => ({ kind: edit.kind, at: dotted(edit.op === 'set' ? site.path : [...site.path, edit.key]), text: render(value, site.path, edit) }));
  });
}

/** Every place of `value` (made from `schema`) where an edit can break it. */
export function sitesOf(schema: Schema, value: unknown, path: JsonPath, ctx: ValueContext): Site[] {
  const s = ctx.resolve(schema);
  const here: Site = { path, schema: s, value };
  const branch = s['oneOf'] || s['anyOf'] ? branchOf(s, value, ctx.resolve) : null;
  // A union: break it through the branch the value came from (its type, or its own fields).
  const shape = branch && !('const' in branch) && !Array.isArray(branch['enum']) ? branch : s;
  if (shape['type'] === 'object' && typeof value === 'object' && value !== null && !Array.isArray(value)) {
    const properties = (shape['properties'] as Record<string, Schema> | undefined) ?? {};
    const patterns = Object.entries((shape['patternProperties'] as Record<string, Schema> | undefined) ?? {}).map(([p, schema]) => [new RegExp(p), schema] as const);
    const schemaOf = (key: string) => properties[key] ?? patterns.find(([re]) => re.test(key))?.[1];
    const inner = Object.entries(value as Record<string, unknown>).flatMap(([key, v]) => {
      const sub = schemaOf(key);
      return sub ? sitesOf(sub, v, [...path, key], ctx) : [];
    });
    return [{ ...here, schema: branch ? { ...shape, unionOf: s } : shape }, ...inner];
  }
  if (shape['type'] === 'array' && Array.isArray(value)) {
    const items = (shape['items'] as Schema | undefined) ?? {};
    return [{ ...here, schema: branch ? { ...shape, unionOf: s } : shape }, ...value.flatMap((v, i) => sitesOf(items, v, [...path, i], ctx))];
  }
  return [{ ...here, schema: branch ? { ...shape, unionOf: s } : shape }];
}

/** The ways of breaking one site. */
function editsAt(site: Site, ctx: ValueContext): fc.Arbitrary<Edit>[] {
  const s = site.schema;
  const union = s['unionOf'] as Schema | undefined;
  const types = admittedTypes(union ?? s, ctx.resolve);
  const edits: fc.Arbitrary<Edit>[] = [];
  if (types !== null) {
    const wrong = [null, true, 0, 1.5, 'x', [], {}].filter((v) => !admits(types, jsonType(v)));
    if (wrong.length > 0) edits.push(fc.constantFrom(...wrong).map((value) => ({ kind: 'wrong-type', op: 'set' as const, value })));
    if (!types.has('array')) edits.push(fc.constantFrom(...DEPTHS).map((d) => ({ kind: `deep-array-${d}`, op: 'set' as const, value: DEEP, raw: deepText(d, 'array') })));
    if (!types.has('object')) edits.push(fc.constantFrom(...DEPTHS).map((d) => ({ kind: `deep-object-${d}`, op: 'set' as const, value: DEEP, raw: deepText(d, 'object') })));
  }
  const value = site.value;
  if (s['type'] === 'object' && typeof value === 'object' && value !== null) {
    const present = Object.keys(value);
    const required = ((s['required'] as string[] | undefined) ?? []).filter((k) => present.includes(k));
    if (required.length > 0) edits.push(fc.constantFrom(...required).map((key) => ({ kind: 'missing-required', op: 'delete' as const, key })));
    const properties = (s['properties'] as Record<string, Schema> | undefined) ?? {};
    if (s['additionalProperties'] === false) {
      const unknown = HOSTILE_KEYS.filter((k) => !(k in properties));
      edits.push(fc.tuple(fc.constantFrom(...unknown), fc.jsonValue({ maxDepth: 1 })).map(([key, v]) => ({ kind: 'unknown-field', op: 'add' as const, key, value: v })));
    }
    const maxProperties = num(s['maxProperties']);
    if (maxProperties !== undefined && maxProperties <= 2000) {
      edits.push(fc.constant({ kind: 'too-many-fields', op: 'set' as const, value: Object.fromEntries(Array.from({ length: maxProperties + 1 }, (_, i) => [`k${i}`, i])) }));
    }
    const minProperties = num(s['minProperties']);
    if (minProperties !== undefined && minProperties > 0) edits.push(fc.constant({ kind: 'too-few-fields', op: 'set' as const, value: {} }));
  }
  if (s['type'] === 'array' && Array.isArray(value)) {
    const items = value as readonly unknown[];
    const maxItems = num(s['maxItems']);
    const minItems = num(s['minItems']);
    const item: unknown = items[0] ?? null;
    if (maxItems !== undefined && items.length > 0) edits.push(fc.constant({ kind: 'too-many-items', op: 'set' as const, value: Array.from({ length: maxItems + 1 }, (): unknown => item) }));
    if (minItems !== undefined && minItems > 0) edits.push(fc.constant({ kind: 'too-few-items', op: 'set' as const, value: [] }));
    if (s['uniqueItems'] === true && items.length > 0) edits.push(fc.constant({ kind: 'repeated-items', op: 'set' as const, value: [...items, item] }));
  }
  if (s['type'] === 'string' && !('const' in s) && !Array.isArray(s['enum'])) edits.push(...stringEdits(s));
  if ('const' in s || Array.isArray(s['enum'])) {
    const allowed = 'const' in s ? [s['const']] : (s['enum'] as unknown[]);
    if (allowed.every((a): a is string => typeof a === 'string')) edits.push(fc.constantFrom(...enumMisses(allowed)).map((v) => ({ kind: 'not-in-enum', op: 'set' as const, value: v })));
  }
  if (s['type'] === 'integer' || s['type'] === 'number') {
    const min = num(s['minimum']);
    const max = num(s['maximum']);
    const out: unknown[] = [];
    if (min !== undefined) out.push(min - 1, -1e300);
    if (max !== undefined) out.push(max + 1, 1e300);
    if (out.length > 0) edits.push(fc.constantFrom(...out).map((v) => ({ kind: 'out-of-range', op: 'set' as const, value: v })));
    if (s['type'] === 'integer') edits.push(fc.constantFrom(0.5, 1.000001, (min ?? 0) + 0.5).map((v) => ({ kind: 'not-integer', op: 'set' as const, value: v })));
  }
  return edits;
}

function stringEdits(s: Schema): fc.Arbitrary<Edit>[] {
  const edits: fc.Arbitrary<Edit>[] = [];
  const maxLength = num(s['maxLength']);
  const minLength = num(s['minLength']);
  if (maxLength !== undefined) {
    // Too long in UTF-16 units and in code points alike: ASCII, or astral characters.
    edits.push(
      fc.tuple(fc.integer({ min: 1, max: 50 }), fc.constantFrom('x', '😀', 'é')).map(([extra, unit]) => ({ kind: 'too-long', op: 'set' as const, value: unit.repeat(maxLength + extra) })),
    );
  }
  if (minLength !== undefined && minLength > 0) edits.push(fc.constant({ kind: 'too-short', op: 'set' as const, value: '' }));
  if (typeof s['pattern'] === 'string') {
    const misses = patternMisses(s['pattern'], HOSTILE_STRINGS);
    if (misses.length > 0) edits.push(fc.constantFrom(...misses).map((value) => ({ kind: 'off-pattern', op: 'set' as const, value })));
  }
  if (s['format'] === 'date-time') edits.push(fc.constantFrom(...BAD_DATE_TIMES).map((value) => ({ kind: 'bad-date-time', op: 'set' as const, value })));
  if (s['format'] === 'email') edits.push(fc.constantFrom(...BAD_EMAILS).map((value) => ({ kind: 'bad-email', op: 'set' as const, value })));
  return edits;
}

/** The JSON text of `value` with the edit applied at `path`. */
export function render(value: unknown, path: JsonPath, edit: Edit): string {
  const root = clone(value);
  const holder = { root } as Record<string | number, unknown>;
  let parent: Record<string | number, unknown> = holder;
  let key: string | number = 'root';
  for (const step of path) {
    parent = parent[key] as Record<string | number, unknown>;
    key = step;
  }
  switch (edit.op) {
    case 'set':
      define(parent, key, edit.value);
      break;
    case 'delete':
      delete (parent[key] as Record<string, unknown>)[edit.key];
      break;
    case 'add':
      define(parent[key] as Record<string, unknown>, edit.key, edit.value);
      break;
  }
  const text = JSON.stringify(holder['root']);
  return edit.op === 'set' && edit.raw !== undefined ? text.replace(JSON.stringify(DEEP), edit.raw) : text;
}

/** Sets an own, enumerable property, even `__proto__`. */
function define(target: Record<string | number, unknown>, key: string | number, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/** A deep copy that keeps own `__proto__` keys as data. */
function clone(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(clone);
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) define(out, k, clone(v));
  return out;
}

function num(value: unknown): number | undefined {
  return typeof value === 'number' ? value : undefined;
}
