import { DEFAULT_MIGRATION_TABLE, Migrator, sql, type Kysely, type Migration } from 'kysely';
import { MIGRATIONS } from './migrations/migrations.js';
import type { OnOpenProgress } from './startup/open-progress.js';

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
 * The database has migrations applied that this build does not know: a newer build migrated it.
 * This build stops rather than run on a schema it was not written for.
 */
export class SchemaNewerError extends Error {
  constructor(
    /** The applied migrations this build does not know, in name order. */
    readonly unknown: readonly string[],
    /** The newest migration this build knows (null: none). */
    readonly latestKnown: string | null,
  ) {
    super(
      `the database schema is newer than this build: it has ${unknown.length === 1 ? 'migration' : 'migrations'} ${unknown.join(', ')}, ` +
        `and this build knows migrations up to ${latestKnown ?? '(none)'}. Run a build that knows ${unknown.length === 1 ? 'it' : 'them'}; ` +
        `to run this one anyway (a rollback across migrations that only expanded the schema), set ALLOW_NEWER_SCHEMA=${unknown.at(-1) ?? ''}`,
    );
    this.name = 'SchemaNewerError';
  }
}

/** One applied migration. */
export interface AppliedMigration {
  readonly name: string;
  readonly appliedAt: Date;
}

/** Where the database stands against the migrations of this build. */
export interface MigrationStatus {
  /** Applied migrations this build knows, in name order. */
  readonly applied: readonly AppliedMigration[];
  /** Migrations of this build not applied yet, in the order they would apply. */
  readonly pending: readonly string[];
  /** Applied migrations this build does not know (a newer build applied them), in name order. */
  readonly unknown: readonly AppliedMigration[];
}

/** Options of {@link migrateToLatest} and {@link assertSchemaKnown}. */
export interface SchemaCheckOptions {
  /**
   * The newest unknown migration this build may run beside (`ALLOW_NEWER_SCHEMA`): unknown
   * migrations named up to it are tolerated, any later one still stops the build.
   */
  readonly allowNewerUpTo?: string | null | undefined;
}

/** Options of {@link migrateToLatest}. */
export interface MigrateOptions extends SchemaCheckOptions {
  /** Told before pending migrations are applied, and after. */
  readonly onProgress?: OnOpenProgress | undefined;
}

type Migrations = Readonly<Record<string, Migration>>;

/** Reads which migrations are applied, which are pending and which this build does not know. */
export async function migrationStatus<DB>(db: Kysely<DB>, migrations: Migrations = MIGRATIONS): Promise<MigrationStatus> {
  const known = Object.keys(migrations).sort();
  const executed = await executedMigrations(db);
  const done = new Set(executed.map((m) => m.name));
  return {
    applied: executed.filter((m) => known.includes(m.name)),
    pending: known.filter((name) => !done.has(name)),
    unknown: executed.filter((m) => !known.includes(m.name)),
  };
}

/** Throws {@link SchemaNewerError} when the database has migrations this build does not know (beyond what is allowed). */
export async function assertSchemaKnown<DB>(db: Kysely<DB>, migrations: Migrations = MIGRATIONS, options: SchemaCheckOptions = {}): Promise<MigrationStatus> {
  const status = await migrationStatus(db, migrations);
  const allowed = options.allowNewerUpTo ?? null;
  const refused = status.unknown.filter((m) => allowed === null || m.name > allowed);
  if (refused.length > 0) throw new SchemaNewerError(status.unknown.map((m) => m.name), Object.keys(migrations).sort().at(-1) ?? null);
  return status;
}

/**
 * Applies every migration not applied yet, in name order; returns the names it applied.
 * Throws {@link SchemaNewerError} first when the database was migrated by a newer build, and
 * {@link MigrationFailedError} naming the migration that failed.
 */
export async function migrateToLatest<DB>(db: Kysely<DB>, migrations: Migrations = MIGRATIONS, options: MigrateOptions = {}): Promise<readonly string[]> {
  const status = await assertSchemaKnown(db, migrations, options);
  if (status.pending.length === 0) return [];
  const started = Date.now();
  options.onProgress?.({ step: 'migrating', pending: status.pending });
  // Kysely refuses to run beside applied migrations it does not know ("corrupted migrations"):
  // when they are allowed, it is told of them as migrations that do nothing.
  const tolerated = Object.fromEntries(status.unknown.map((m) => [m.name, NOTHING] as const));
  const migrator = new Migrator({ db, provider: { getMigrations: () => Promise.resolve({ ...tolerated, ...migrations }) }, allowUnorderedMigrations: status.unknown.length > 0 });
  const { error, results = [] } = await migrator.migrateToLatest();
  if (error !== undefined) {
    const failed = results.find((r) => r.status === 'Error');
    throw new MigrationFailedError(failed?.migrationName ?? null, error);
  }
  const applied = results.filter((r) => r.status === 'Success').map((r) => r.migrationName);
  options.onProgress?.({ step: 'migrated', applied, ms: Date.now() - started });
  return applied;
}

/** How an open prepares the schema. */
export interface PrepareSchemaOptions extends MigrateOptions {
  /** Apply pending migrations (default true). */
  readonly migrate?: boolean | undefined;
  /** Without migrating, still refuse a schema newer than this build (default true; `migrate status` reads any). */
  readonly checkSchema?: boolean | undefined;
}

/** Migrates; or, when `migrate` is false, checks that this build knows the schema (unless `checkSchema` is false too). */
export async function prepareSchema<DB>(db: Kysely<DB>, options: PrepareSchemaOptions): Promise<void> {
  if (options.migrate !== false) await migrateToLatest(db, MIGRATIONS, options);
  else if (options.checkSchema !== false) await assertSchemaKnown(db, MIGRATIONS, options);
}

/** Stands for an applied migration this build does not know; never run (it is applied already). */
const NOTHING: Migration = { up: async () => undefined };

/** The migrations recorded in Kysely's table (none when it does not exist yet), in name order. */
async function executedMigrations<DB>(db: Kysely<DB>): Promise<AppliedMigration[]> {
  const exists = await sql<{ found: boolean }>`select to_regclass(${DEFAULT_MIGRATION_TABLE}) is not null as found`.execute(db);
  if (exists.rows[0]?.found !== true) return [];
  const rows = await sql<{ name: string; timestamp: string }>`select name, timestamp from ${sql.table(DEFAULT_MIGRATION_TABLE)} order by name`.execute(db);
  return rows.rows.map((row) => ({ name: row.name, appliedAt: new Date(row.timestamp) }));
}
