import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freshDatabase as freshServerDatabase } from '@webhooks/storage-postgres/testing';

/** Where a test file's api app keeps its data, and how to throw it away. */
export interface TestDatabase {
  /** Environment for the api app: DATABASE_URL (a fresh database) or DATA_DIR (embedded). */
  readonly env: Readonly<Record<string, string>>;
  drop(): Promise<void>;
}

/**
 * A fresh database for one test file: on the test Postgres server (TEST_DATABASE_URL in CI, the
 * local 127.0.0.1:5432 otherwise; a missing server is an error in CI), else — locally only — the
 * embedded database in a temp dir (slower to start).
 */
export async function freshDatabase(): Promise<TestDatabase> {
  const server = await freshServerDatabase({ prefix: 'webhooks_browser' });
  if (server) return { env: { DATABASE_URL: server.url }, drop: () => server.drop() };
  const dir = await mkdtemp(join(tmpdir(), 'webhooks-browser-'));
  return { env: { DATA_DIR: dir }, drop: () => rm(dir, { recursive: true, force: true }) };
}
