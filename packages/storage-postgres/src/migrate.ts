import { Migrator, type Kysely, type Migration } from 'kysely';
import { MIGRATIONS } from './migrations/migrations.js';

/** A migration failed: nothing of the run was applied (Postgres runs them in one transaction). */
export class MigrationFailedError extends Error {
  constructor(
    /** The migration that failed, or null when the run failed before any migration (lock, table). */
    readonly migrationName: string | null,
    cause: unknown,
  ) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    super(migrationName === null ? `migrations failed: ${reason}` : `migration "${migrationName}" failed: ${reason}`, { cause });
    this.name = 'MigrationFailedError';
  }
}

/**
 * Applies every migration not applied yet, in name order; returns the names it applied.
 * Throws {@link MigrationFailedError} naming the migration that failed.
 */
export async function migrateToLatest<DB>(
  db: Kysely<DB>,
  migrations: Readonly<Record<string, Migration>> = MIGRATIONS,
): Promise<readonly string[]> {
  const migrator = new Migrator({ db, provider: { getMigrations: () => Promise.resolve(migrations) } });
  const { error, results = [] } = await migrator.migrateToLatest();
  if (error !== undefined) {
    const failed = results.find((r) => r.status === 'Error');
    throw new MigrationFailedError(failed?.migrationName ?? null, error);
  }
  return results.filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
