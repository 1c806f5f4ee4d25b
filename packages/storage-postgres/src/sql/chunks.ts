/** Postgres takes at most 65,535 parameters in one statement; stay below with some room. */
export const MAX_PARAMETERS = 60_000;

/** Splits rows into as few multi-row statements as the parameter limit allows. */
export function chunksFor<T extends object>(rows: readonly T[]): T[][] {
  const first = rows[0];
  if (first === undefined) return [];
  const size = Math.max(1, Math.floor(MAX_PARAMETERS / Object.keys(first).length));
  const chunks: T[][] = [];
  for (let i = 0; i < rows.length; i += size) chunks.push(rows.slice(i, i + size));
  return chunks;
}
