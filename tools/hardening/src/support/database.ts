import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freshDatabase as freshServerDatabase } from '@webhooks/storage-postgres/testing';
import pg from 'pg';

/** Where a suite's service keeps its data, and how to throw it away. */
export interface TestDatabase {
  /** Environment for the service: DATABASE_URL (a fresh database) or DATA_DIR (embedded). */
  readonly env: Record<string, string>;
  readonly kind: 'postgres' | 'embedded';
  /** The fresh database's URL, to inspect it directly; null for the embedded database. */
  readonly url: string | null;
  drop(): Promise<void>;
}

/**
 * A fresh database for one suite, as apps/api's e2e support makes them: on the test Postgres server
 * (TEST_DATABASE_URL in CI, else 127.0.0.1:5432; a missing server is an error in CI), else — locally
 * only — the embedded database in a temp dir (the suites then skip their database-level checks).
 */
export async function freshDatabase(suite: string): Promise<TestDatabase> {
  const server = await freshServerDatabase({ prefix: `webhooks_hardening_${suite}` });
  if (server) return { env: { DATABASE_URL: server.url }, kind: 'postgres', url: server.url, drop: () => server.drop() };
  const dir = await mkdtemp(join(tmpdir(), `webhooks-hardening-${suite}-`));
  return { env: { DATA_DIR: dir }, kind: 'embedded', url: null, drop: () => rm(dir, { recursive: true, force: true }) };
}

/** Creates database `name` on the server of `adminUrl` (a URL of its `postgres` database): the fault suite's private cluster. */
export async function createDatabase(adminUrl: string, name: string): Promise<string> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE "${name}"`);
  } finally {
    await client.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}
