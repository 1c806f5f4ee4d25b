import fc from 'fast-check';
import type { Edit } from './body-faults.js';
import { DEEP, DEPTHS, deepText, render, sitesOf } from './body-faults.js';
import { HOSTILE_KEYS, hostileJson, hostileString } from './hostile-values.js';
import type { Schema } from './openapi-operations.js';
import type { ValueContext } from './schema-values.js';
import { admittedTypes, dotted, validValue } from './schema-values.js';

/** A body its schema accepts, with one hostile value in it. */
export interface HostileBody {
  /** `string`, `free-json`, `deep-array`, `deep-object`, `hostile-key`, `url-path`. */
  readonly kind: string;
  readonly at: string;
  readonly text: string;
  /** The hostile value, when it was a string (to check it comes back unchanged). */
  readonly sent?: string;
}

/** One hostile edit of a valid value. */
interface Choice {
  readonly kind: string;
  readonly at: string;
  readonly edit: Edit;
  readonly path: readonly (string | number)[];
  readonly sent?: string;
}

/** One arbitrary per group (strings, URLs, free JSON, deep nesting, keys), so each kind of hostility gets its share whatever the number of fields. */
function groups(choices: readonly { group: string; arbitrary: fc.Arbitrary<Choice> }[]): fc.Arbitrary<Choice>[] {
  const byGroup = new Map<string, fc.Arbitrary<Choice>[]>();
  for (const c of choices) byGroup.set(c.group, [...(byGroup.get(c.group) ?? []), c.arbitrary]);
  return [...byGroup.values()].map((list) => fc.oneof(...list));
}

/** Fields left as the context chose them: ids and keys that must name existing things. */
const KEEP = new Set(['event', 'webhookId', 'formId', 'addForms', 'cursor', 'id', 'parentId']);

/**
 * Bodies valid by their schema with one hostile value where the schema lets any through: a string
 * of any code points (NUL, lone surrogates, direction overrides, …) within its length, a free-form
 * JSON value (deeply nested, huge numbers, hostile keys), or a hostile path on a loopback URL.
 */
export function hostileBodies(schema: Schema, ctx: ValueContext, urlBase: string | null): fc.Arbitrary<HostileBody> {
  return validValue(schema, ctx).chain((value) => {
    const choices: { group: string; arbitrary: fc.Arbitrary<Choice> }[] = [];
    for (const site of sitesOf(schema, value, [], ctx)) {
      const s = site.schema;
      const name = site.path[site.path.length - 1];
      const parentName = site.path[site.path.length - 2];
      if (KEEP.has(String(name)) || KEEP.has(String(parentName))) continue;
      const at = dotted(site.path);
      if (name === 'url' && urlBase !== null) {
        choices.push({ group: 'url', arbitrary: hostileString(60).map((h) => ({ kind: 'url-path', at, path: site.path, edit: { kind: 'url-path', op: 'set', value: `${urlBase}/h/${h}` } })) });
        continue;
      }
      if (s['type'] === 'string' && !('const' in s) && !Array.isArray(s['enum']) && s['pattern'] === undefined && s['format'] === undefined) {
        const max = typeof s['maxLength'] === 'number' ? s['maxLength'] : 500;
        choices.push({ group: 'string', arbitrary: hostileString(max).map((h) => ({ kind: 'string', at, path: site.path, sent: h, edit: { kind: 'string', op: 'set', value: h } })) });
      }
      if (admittedTypes(s, ctx.resolve) === null && !s['unionOf']) {
        choices.push(
          { group: 'free', arbitrary: hostileJson.map((v) => ({ kind: 'free-json', at, path: site.path, edit: { kind: 'free-json', op: 'set', value: v } })) },
          {
            group: 'deep',
            arbitrary: fc.tuple(fc.constantFrom(...DEPTHS), fc.constantFrom('array' as const, 'object' as const)).map(([depth, shape]) => ({
              kind: `deep-${shape}`,
              at: `${at} (${depth})`,
              path: site.path,
              edit: { kind: `deep-${shape}`, op: 'set', value: DEEP, raw: deepText(depth, shape) },
            })),
          },
        );
      }
      if (s['type'] === 'object' && s['patternProperties'] && typeof site.value === 'object' && site.value !== null) {
        const pattern = new RegExp(Object.keys(s['patternProperties'] as object)[0] ?? '^.+$');
        const keys = HOSTILE_KEYS.filter((k) => pattern.test(k));
        if (keys.length > 0) {
          choices.push({ group: 'key', arbitrary: fc.tuple(fc.constantFrom(...keys), hostileJson).map(([key, v]) => ({ kind: 'hostile-key', at, path: site.path, edit: { kind: 'hostile-key', op: 'add', key, value: v } })) });
        }
      }
    }
    if (choices.length === 0) return fc.constant<HostileBody>({ kind: 'valid', at: '', text: JSON.stringify(value) });
    return fc.oneof(...groups(choices)).map((c) => ({ kind: c.kind, at: c.at, text: render(value, c.path, c.edit), ...(c.sent === undefined ? {} : { sent: c.sent }) }));
  });
}
