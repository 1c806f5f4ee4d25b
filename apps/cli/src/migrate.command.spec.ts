import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { freshDatabase, type TestDatabase } from '@webhooks/storage-postgres/testing';
import { MIGRATIONS } from '@webhooks/storage-postgres';
import { runCli } from './cli-process.spec-helper.js';

const KNOWN = Object.keys(MIGRATIONS).sort();
const NEWER = '2999-01-01T00-00-from-a-newer-build';

describe('webhooks migrate', () => {
  let database: TestDatabase;
  let env: Record<string, string>;

  beforeAll(async () => {
    database = await freshDatabase({ requireServer: true, prefix: 'webhooks_cli_migrate' });
    env = { DATABASE_URL: database.url, OPERATOR_TOKEN: 'operator-token-for-cli-tests', LOG_LEVEL: 'warn', HOST: '127.0.0.1', PORT: '0' };
  });

  afterAll(async () => {
    await database.drop();
  });

  it('should list every migration pending on an empty database', async () => {
    const { code, stdout } = await runCli(['migrate', 'status'], env);
    expect(stdout).toBe(`${KNOWN.map((name) => `pending  ${name}`).join('\n')}\n0 applied, ${KNOWN.length} pending\n`);
    expect(code).toBe(0);
  });

  it('should apply them with up, and list them applied, with their time, afterwards', async () => {
    const up = await runCli(['migrate', 'up'], env);
    expect(up.code).toBe(0);
    const { code, stdout } = await runCli(['migrate', 'status'], env);
    for (const name of KNOWN) expect(stdout).toMatch(new RegExp(`^applied  ${name}  \\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z$`, 'm'));
    expect(stdout).toMatch(new RegExp(`${KNOWN.length} applied, 0 pending\\n$`));
    expect(code).toBe(0);
  });

  describe('when a newer build migrated the database', () => {
    beforeAll(async () => {
      const client = new pg.Client({ connectionString: database.url });
      await client.connect();
      await client.query(`insert into kysely_migration (name, timestamp) values ($1, $2)`, [NEWER, new Date().toISOString()]);
      await client.end();
    });

    it('should list the newer migration and exit with 4', async () => {
      const { code, stdout } = await runCli(['migrate', 'status'], env);
      expect(stdout).toMatch(new RegExp(`^newer    ${NEWER}  \\S+  \\(applied by a newer build; this one does not know it\\)$`, 'm'));
      expect(code).toBe(4);
    });

    it('should stop serve with a message naming both versions, and exit with 4', async () => {
      const { code, stderr } = await runCli(['serve'], env);
      expect(stderr).toContain(`the database schema is newer than this build: it has migration ${NEWER}, and this build knows migrations up to ${KNOWN.at(-1)}`);
      expect(stderr).not.toMatch(/corrupted/);
      expect(code).toBe(4);
    });

    it('should run beside it when ALLOW_NEWER_SCHEMA names it', async () => {
      const { code } = await runCli(['migrate', 'up'], { ...env, ALLOW_NEWER_SCHEMA: NEWER });
      expect(code).toBe(0);
    });
  });
});
