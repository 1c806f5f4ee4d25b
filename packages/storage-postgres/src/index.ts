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
export { migrateToLatest, MigrationFailedError } from './migrate.js';
export { MIGRATIONS } from './migrations/migrations.js';
export type { Database } from './database.js';
export { WORK_CHANNEL } from './sql/work-channel.js';
