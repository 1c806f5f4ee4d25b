import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { sql } from 'kysely';
import { openStorage } from './open-storage.js';
import type { StorageHandle } from './storage-handle.js';
import { freshDatabase, type TestDatabase } from './testing/index.js';

describe('openStorage without a database URL', () => {
  let dir: string;
  let dataDir: string;
  let reopened: StorageHandle | null = null;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'webhooks-pglite-'));
    dataDir = join(dir, 'nested', 'data');
  });

  afterAll(async () => {
    await reopened?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('should keep its data in the directory across close and reopen', async () => {
    const first = await openStorage({ dataDir });
    expect(first.kind).toBe('pglite');
    const project = { id: 'prj_1', name: 'Camp', system: 'family' as const, platformKeyHash: 'hash', createdAt: new Date('2026-01-01T00:00:00.123Z') };
    await first.storage.projects.insert(project);
    await first.close();

    reopened = await openStorage({ dataDir });
    expect(await reopened.storage.projects.get('prj_1')).toEqual(project);
    await reopened.migrate(); // nothing left to apply
  });

  describe('values as both databases return them', () => {
    let database: TestDatabase;
    let postgres: StorageHandle;

    beforeAll(async () => {
      database = await freshDatabase({ requireServer: true });
      postgres = await openStorage({ databaseUrl: database.url, migrate: false });
    });

    afterAll(async () => {
      await postgres.close();
      await database.drop();
    });

    it('should be the same JS values: int8 and counts as numbers, timestamps as Dates, jsonb parsed', async () => {
      const pglite = reopened ?? (reopened = await openStorage({ dataDir }));
      const query = sql<Record<string, unknown>>`
        select 9007199254740991::int8 as big, count(*) as n, 42::int as small, 1.5::numeric as num,
               '2026-01-01T00:00:00.123Z'::timestamptz as at, null::timestamptz as never,
               '{"b": [1, "x", null], "a": true}'::jsonb as doc, true as yes
        from generate_series(1, 3)`;
      const [fromPostgres] = (await query.execute(postgres.db)).rows;
      const [fromPglite] = (await query.execute(pglite.db)).rows;
      expect(fromPostgres).toEqual({
        big: 9007199254740991,
        n: 3,
        small: 42,
        num: '1.5',
        at: new Date('2026-01-01T00:00:00.123Z'),
        never: null,
        doc: { a: true, b: [1, 'x', null] },
        yes: true,
      });
      expect(fromPglite).toEqual(fromPostgres);
    });
  });
});
