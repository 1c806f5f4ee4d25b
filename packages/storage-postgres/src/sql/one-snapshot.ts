import type { Kysely } from 'kysely';

/**
 * Runs reads that must agree with each other (a delivery and its attempts) on one snapshot: a
 * read-only REPEATABLE READ transaction, unless `db` already is a transaction (the caller's
 * isolation then applies). Under READ COMMITTED, two statements may straddle a worker's commit
 * and show an attempt without the state it moved the delivery to.
 */
export async function oneSnapshot<DB, T>(db: Kysely<DB>, work: (db: Kysely<DB>) => Promise<T>): Promise<T> {
  if (db.isTransaction) return work(db);
  return db.transaction().setIsolationLevel('repeatable read').setAccessMode('read only').execute(work);
}
