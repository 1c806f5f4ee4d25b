import type { TSchema } from '@sinclair/typebox';

/**
 * A TypeBox schema as plain JSON Schema 2020-12 for OpenAPI 3.1: TypeBox's symbol keys dropped,
 * schemas given a component name written as `$ref`s, unions of string literals written as `enum`,
 * and discriminated unions as `oneOf`.
 */
export function toJsonSchema(schema: TSchema, names: ReadonlyMap<object, string>, self?: object): Record<string, unknown> {
  const walk = (node: unknown, top: boolean): unknown => {
    if (Array.isArray(node)) return node.map((item) => walk(item, false));
    if (typeof node !== 'object' || node === null) return node;
    const name = names.get(node);
    if (name !== undefined && !(top && node === self)) return { $ref: `#/components/schemas/${name}` };
    const record = node as Record<string, unknown>;
    const choices = literalChoices(record);
    if (choices) return { type: 'string', enum: choices, ...copy(record, ['anyOf']) };
    const out = copy(record, []);
    if (record['discriminator'] !== undefined && Array.isArray(record['anyOf'])) {
      out['oneOf'] = out['anyOf'];
      delete out['anyOf'];
    }
    return out;
  };
  const copy = (record: Record<string, unknown>, skip: readonly string[]): Record<string, unknown> =>
    Object.fromEntries(Object.entries(record).filter(([key]) => !skip.includes(key)).map(([key, value]) => [key, walk(value, false)]));
  return walk(schema, true) as Record<string, unknown>;
}

/** The strings of a union of string literals, or null. */
function literalChoices(node: Record<string, unknown>): string[] | null {
  const anyOf = node['anyOf'];
  if (!Array.isArray(anyOf) || anyOf.length === 0) return null;
  const values = (anyOf as Record<string, unknown>[]).map((v) => v['const']);
  return values.every((v): v is string => typeof v === 'string') ? values : null;
}
