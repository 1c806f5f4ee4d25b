import type { Kysely } from 'kysely';

/**
 * Runs `work` in a transaction unless `db` already is one, or the work is a single statement
 * (`statements` ≤ 1): several statements that must land together never run in autocommit.
 */
export async function allOrNothing<DB, T>(db: Kysely<DB>, statements: number, work: (db: Kysely<DB>) => Promise<T>): Promise<T> {
  if (db.isTransaction || statements <= 1) return work(db);
  return db.transaction().execute(work);
}
