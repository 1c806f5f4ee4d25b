/** Test support for storage users: fresh databases on the test server. */
export { freshDatabase, testServerUrl } from './fresh-database.js';
export type { FreshDatabaseOptions, TestDatabase } from './fresh-database.js';
