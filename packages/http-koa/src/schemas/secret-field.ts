import type { StringOptions, TSchema, TString } from '@sinclair/typebox';
import { Type } from '@sinclair/typebox';

/** The schema keyword marking a field that holds a key or secret (kept in the OpenAPI document). */
const SECRET_KEYWORD = 'x-secret';

/**
 * A string field holding a key or a secret, shown once. An answer whose schema has one is sent
 * with `Cache-Control: no-store`, so no browser or proxy keeps a copy.
 */
export function SecretString(options: StringOptions): TString {
  return Type.String({ ...options, [SECRET_KEYWORD]: true });
}

/** Whether a schema has a {@link SecretString} anywhere inside (properties, items, unions). */
export function holdsSecret(schema: TSchema): boolean {
  const walk = (node: unknown): boolean => {
    if (Array.isArray(node)) return node.some(walk);
    if (typeof node !== 'object' || node === null) return false;
    const record = node as Record<string, unknown>;
    return record[SECRET_KEYWORD] === true || Object.values(record).some(walk);
  };
  return walk(schema);
}
