import { sql, type AliasedRawBuilder } from 'kysely';

/**
 * `(values (...), (...)) as alias(col, ...)` with every cell cast to its column's SQL type, to join
 * a batch of rows into one UPDATE (parameters arrive untyped, so the casts are what types them).
 */
export function valuesTable<R extends Record<string, unknown>, A extends string>(
  rows: readonly R[],
  alias: A,
  types: { readonly [K in keyof R & string]: string },
): AliasedRawBuilder<R, A> {
  const columns = Object.keys(types) as (keyof R & string)[];
  const tuples = rows.map((row) => sql`(${sql.join(columns.map((c) => sql`cast(${row[c]} as ${sql.raw(types[c])})`))})`);
  return sql<R>`(values ${sql.join(tuples)})`.as<A>(sql`${sql.id(alias)}(${sql.join(columns.map((c) => sql.id(c)))})`);
}
