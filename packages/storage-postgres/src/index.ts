/**
 * Postgres storage of the webhook service (Kysely + pg), with an embedded PGlite database when no
 * server is configured: the domain's Storage, DeliveryQueue and WorkSignal ports, migrations, and
 * the container module binding them.
 */
export { openStorage, DEFAULT_DATA_DIR } from './open-storage.js';
export type { OpenStorageOptions } from './open-storage.js';
export { DataDirInUseError, LOCK_FILE } from './pglite/data-dir-lock.js';
export type { LockHolder } from './pglite/data-dir-lock.js';
export type { StorageHandle } from './storage-handle.js';
export { storageContainerModule } from './storage-container-module.js';
export { migrateToLatest, migrationStatus, assertSchemaKnown, MigrationFailedError, SchemaNewerError } from './migrate.js';
export type { AppliedMigration, MigrateOptions, MigrationStatus, SchemaCheckOptions } from './migrate.js';
export type { OnOpenProgress, OpenProgress } from './startup/open-progress.js';
export { DatabaseUnreachableError, describeTarget, waitForPostgres } from './startup/wait-for-postgres.js';
export { MIGRATIONS } from './migrations/migrations.js';
export type { Database } from './database.js';
export { WORK_CHANNEL } from './sql/work-channel.js';
export { SqlLiveEvents } from './live/sql-live-events.js';
export type { SqlLiveEventsOptions } from './live/sql-live-events.js';
