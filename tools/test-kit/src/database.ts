import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freshDatabase } from '@webhooks/storage-postgres/testing';

/** Where a test's service keeps its data, and how to throw it away. */
export interface ServiceDatabase {
  /** Environment for the service: DATABASE_URL (a fresh database) or DATA_DIR (embedded). */
  readonly env: Readonly<Record<string, string>>;
  readonly kind: 'postgres' | 'embedded';
  /** The fresh database's URL, to inspect it directly; null for the embedded database. */
  readonly url: string | null;
  drop(): Promise<void>;
}

/**
 * A fresh database for one test file's service: on the test Postgres server (TEST_DATABASE_URL in
 * CI, else 127.0.0.1:5432; a missing server is an error in CI), else — locally only — the embedded
 * database in a temp dir. `label` names it (`webhooks_<label>_<random>`).
 */
export async function serviceDatabase(label: string): Promise<ServiceDatabase> {
  const server = await freshDatabase({ prefix: `webhooks_${label}` });
  if (server) return { env: { DATABASE_URL: server.url }, kind: 'postgres', url: server.url, drop: () => server.drop() };
  const dir = await mkdtemp(join(tmpdir(), `webhooks-${label.replace(/\W/g, '-')}-`));
  return { env: { DATA_DIR: dir }, kind: 'embedded', url: null, drop: () => rm(dir, { recursive: true, force: true }) };
}
