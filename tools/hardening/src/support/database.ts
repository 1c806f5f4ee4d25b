import type { ServiceDatabase } from '@webhooks/test-kit';
import { serviceDatabase } from '@webhooks/test-kit';
import pg from 'pg';

/** Where a suite's service keeps its data (the test kit's service database), and how to throw it away. */
export type TestDatabase = ServiceDatabase;

/** A fresh database for one suite (the suites skip their database-level checks on the embedded one). */
export function freshDatabase(suite: string): Promise<TestDatabase> {
  return serviceDatabase(`hardening_${suite}`);
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
