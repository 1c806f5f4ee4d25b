import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

/** Where a test file's api app keeps its data, and how to throw it away. */
export interface TestDatabase {
  /** Environment for the api app: DATABASE_URL (a fresh database) or DATA_DIR (embedded). */
  readonly env: Readonly<Record<string, string>>;
  drop(): Promise<void>;
}

const SERVER_DEFAULT = 'postgres://postgres@127.0.0.1:5432/postgres';

async function reachable(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1000 });
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function admin(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/**
 * A fresh database for one test file, as the api app's own end-to-end tests make it: on the
 * Postgres server of TEST_DATABASE_URL (CI sets it; locally 127.0.0.1:5432 when it answers), else
 * the embedded database in a temp dir (much slower to start). In CI a missing server is an error.
 */
export async function freshDatabase(): Promise<TestDatabase> {
  const base = new URL(process.env['TEST_DATABASE_URL'] ?? SERVER_DEFAULT);
  const prefix = (base.pathname.slice(1) || 'webhooks_test').replace(/[^a-z0-9_]/gi, '_').toLowerCase();
  base.pathname = '/postgres';
  const server = base.toString();
  if (!(await reachable(server))) {
    if (process.env['CI'] || process.env['TEST_DATABASE_URL']) throw new Error(`no Postgres server at ${base.host}: CI runs the browser tests on real Postgres`);
    const dir = await mkdtemp(join(tmpdir(), 'webhooks-browser-'));
    return { env: { DATA_DIR: dir }, drop: () => rm(dir, { recursive: true, force: true }) };
  }
  const name = `${prefix}_ui_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  await admin(server, `CREATE DATABASE "${name}"`);
  const url = new URL(server);
  url.pathname = `/${name}`;
  return { env: { DATABASE_URL: url.toString() }, drop: () => admin(server, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`) };
}
