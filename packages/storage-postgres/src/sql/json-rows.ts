import { sql, type QueryCreator, type RawBuilder } from 'kysely';
import type { Database } from '../database.js';

/** The SQL type of each column of a row (`text`, `timestamptz`, `integer`, `boolean`, `jsonb`, …). */
export type ColumnTypes<R> = { readonly [K in keyof R & string]: string };

const isJson = (type: string): boolean => type === 'json' || type === 'jsonb';

/**
 * `SELECT col, … FROM json_to_recordset($1::json) AS r(col type, …)`: a batch of rows sent as
 * **one** parameter, their JSON text (`JSON.stringify`, native), however many rows there are.
 *
 * A multi-row `VALUES` list costs a parameter per cell: the query builder compiles a node per
 * cell, the driver serialises each, and Postgres parses and plans a statement that grows with the
 * batch (and refuses more than 65,535 parameters). Here the statement is the same for one row or
 * ten thousand. Dates arrive as ISO strings, booleans and numbers as JSON; json/jsonb columns hold
 * JSON *text* in our rows (the row mappers stringify them), so they are read as text and cast.
 */
export function jsonRows<R extends object>(rows: readonly R[], types: ColumnTypes<R>): RawBuilder<R> {
  const columns = Object.keys(types) as (keyof R & string)[];
  const declared = columns.map((c) => sql`${sql.id(c)} ${sql.raw(isJson(types[c]) ? 'text' : types[c])}`);
  const selected = columns.map((c) => (isJson(types[c]) ? sql`${sql.id(c)}::${sql.raw(types[c])} as ${sql.id(c)}` : sql.id(c)));
  return sql<R>`select ${sql.join(selected)} from json_to_recordset(${JSON.stringify(rows)}::json) as r(${sql.join(declared)})`;
}

/** `INSERT INTO table (col, …) SELECT … FROM json_to_recordset(…)`: the rows of a batch in one parameter. */
export function insertRows<T extends keyof Database, R extends object>(db: QueryCreator<Database>, table: T, rows: readonly R[], types: ColumnTypes<R>) {
  const columns = Object.keys(types) as never[];
  return db.insertInto(table).columns(columns).expression(jsonRows(rows, types) as never);
}
