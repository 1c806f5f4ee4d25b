import pg from 'pg';

const INT8 = 20;

/** Parses a text value of one type. */
type Parser = (value: string) => unknown;

/** The parser pg would use, unchanged for every type but int8. */
const defaultParser = (oid: number): Parser => pg.types.getTypeParser(oid, 'text') as Parser;

/**
 * Type parsers of the pg connections: int8 (`count(*)`, `bigint`) as a JS number, as PGlite gives
 * it, instead of pg's string. Per connection, not global: other pg users in the process are left alone.
 */
export const PG_TYPES: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary'): Parser =>
    format === 'binary' ? (pg.types.getTypeParser(oid, 'binary') as Parser) : oid === INT8 ? Number : defaultParser(oid)) as pg.CustomTypesConfig['getTypeParser'],
};
