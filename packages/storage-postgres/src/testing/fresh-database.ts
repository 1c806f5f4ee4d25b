import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** A database made for one test file on the test server, and how to throw it away. */
export interface TestDatabase {
  /** Its URL (`postgres://…/webhooks_test_…`). */
  readonly url: string;
  readonly name: string;
  /** Drops it, closing whatever connections are still open. */
  drop(): Promise<void>;
}

/** Options of {@link freshDatabase}. */
export interface FreshDatabaseOptions {
  /** Fail when no server answers (default: answer null then, except in CI). */
  readonly requireServer?: boolean;
  /** The start of the database's name (default `webhooks_test`); letters, digits and `_`. */
  readonly prefix?: string;
  /**
   * Keep the server's durable commits (default false: `synchronous_commit = off` for this
   * database, so commits do not wait for the disk — tests lose nothing unless the server crashes).
   * Benchmarks set it.
   */
  readonly durable?: boolean;
}

const SERVER_DEFAULT = 'postgres://postgres@127.0.0.1:5432/postgres';

/** The test server: `TEST_DATABASE_URL` (CI sets it), else the local one; its `postgres` database. */
export function testServerUrl(): string {
  const url = new URL(process.env['TEST_DATABASE_URL'] ?? SERVER_DEFAULT);
  url.pathname = '/postgres';
  return url.toString();
}

/** Runs `work` on a client of the server's `postgres` database. */
async function onServer<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: testServerUrl(), connectionTimeoutMillis: 5_000 });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/**
 * Creates an empty database on the test server (`TEST_DATABASE_URL`, else 127.0.0.1:5432):
 * `<prefix>_<random>`, made through the server's `postgres` database. When no server answers it
 * throws if `requireServer` or in CI (tests there run on real Postgres, never a silent fallback),
 * else it answers null, so a local run can fall back to the embedded database.
 */
export async function freshDatabase(options: FreshDatabaseOptions & { readonly requireServer: true }): Promise<TestDatabase>;
export async function freshDatabase(options?: FreshDatabaseOptions): Promise<TestDatabase | null>;
export async function freshDatabase(options: FreshDatabaseOptions = {}): Promise<TestDatabase | null> {
  const prefix = (options.prefix ?? 'webhooks_test').replace(/\W/g, '_').toLowerCase();
  const name = `${prefix}_${randomBytes(5).toString('hex')}`;
  try {
    await onServer(async (client) => {
      await client.query(`CREATE DATABASE "${name}"`);
      if (options.durable !== true) await client.query(`ALTER DATABASE "${name}" SET synchronous_commit = off`);
    });
  } catch (error) {
    const unreachable = error instanceof Error && /ECONNREFUSED|ENOTFOUND|EAI_AGAIN|timeout/i.test(`${(error as { code?: string }).code ?? ''} ${error.message}`);
    if (!unreachable || options.requireServer || process.env['CI'] || process.env['TEST_DATABASE_URL']) throw error;
    return null;
  }
  const url = new URL(testServerUrl());
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    drop: async () => {
      await onServer((client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
    },
  };
}
