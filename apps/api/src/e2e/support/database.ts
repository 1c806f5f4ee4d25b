import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

/** Where a test's service keeps its data, and how to throw it away. */
export interface TestDatabase {
  /** Environment for the service: DATABASE_URL (a fresh database) or DATA_DIR (embedded). */
  readonly env: Record<string, string>;
  readonly kind: 'postgres' | 'embedded';
  drop(): Promise<void>;
}

const SERVER_DEFAULT = 'postgres://postgres@127.0.0.1:5432/postgres';

/** True when a Postgres server answers at `url`. */
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

/**
 * A fresh database for one test file: on the Postgres server of TEST_DATABASE_URL (CI sets it;
 * locally the server at 127.0.0.1:5432 when one answers), else the embedded database in a temp dir.
 * In CI a missing server is an error, never a silent fallback.
 */
export async function freshDatabase(): Promise<TestDatabase> {
  const base = process.env['TEST_DATABASE_URL'] ?? SERVER_DEFAULT;
  const admin = new URL(base);
  const prefix = (admin.pathname.slice(1) || 'webhooks_test').replace(/[^a-z0-9_]/gi, '_').toLowerCase();
  admin.pathname = '/postgres';
  if (!(await reachable(admin.toString()))) {
    if (process.env['CI'] || process.env['TEST_DATABASE_URL']) throw new Error(`no Postgres server at ${admin.host}: CI tests run on real Postgres`);
    const dir = await mkdtemp(join(tmpdir(), 'webhooks-e2e-'));
    return { env: { DATA_DIR: dir }, kind: 'embedded', drop: () => rm(dir, { recursive: true, force: true }) };
  }
  const name = `${prefix}_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  await client.query(`CREATE DATABASE "${name}"`);
  await client.end();
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return {
    env: { DATABASE_URL: url.toString() },
    kind: 'postgres',
    async drop() {
      const c = new pg.Client({ connectionString: admin.toString() });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await c.end();
    },
  };
}
