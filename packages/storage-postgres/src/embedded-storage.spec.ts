import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { sql } from 'kysely';
import { MIGRATIONS } from './migrations/migrations.js';
import { openStorage } from './open-storage.js';
import type { OpenProgress } from './startup/open-progress.js';
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
    const said: OpenProgress[] = [];
    const first = await openStorage({ dataDir, onProgress: (p) => said.push(p) });
    expect(first.kind).toBe('pglite');
    const project = { id: 'prj_1', name: 'Camp', system: 'family' as const, platformKeyHash: 'hash', createdAt: new Date('2026-01-01T00:00:00.123Z') };
    await first.storage.projects.insert(project);
    await first.close();

    reopened = await openStorage({ dataDir, onProgress: (p) => said.push(p) });
    expect(await reopened.storage.projects.get('prj_1')).toEqual(project);
    // It says what it does: created (initdb) and migrated the first time; reopened, nothing to apply, the second.
    expect(said.map((p) => (p.step === 'embedded-starting' ? `${p.step} fresh=${p.fresh}` : p.step))).toEqual([
      'embedded-starting fresh=true',
      'embedded-ready',
      'migrating',
      'migrated',
      'embedded-starting fresh=false',
      'embedded-ready',
    ]);
    expect(said[2]).toEqual({ step: 'migrating', pending: Object.keys(MIGRATIONS).sort() });
    await reopened.migrate(); // nothing left to apply
  });

  it('should make a database in an empty directory made beforehand, leaving nothing else beside it', async () => {
    const made = join(dir, 'made-by-hand');
    await mkdir(made);
    const storage = await openStorage({ dataDir: made, migrate: false });
    await storage.close();
    expect(await readdir(dir)).toEqual(expect.arrayContaining(['made-by-hand']));
    expect((await readdir(dir)).filter((name) => name.includes('.initdb-'))).toEqual([]);
    expect(await readdir(made)).toContain('PG_VERSION');
  });

  it('should refuse a directory that holds other files and no database, leaving them as they were', async () => {
    const notMine = join(dir, 'not-a-database');
    await mkdir(notMine);
    await writeFile(join(notMine, 'notes.txt'), 'keep me');
    await expect(openStorage({ dataDir: notMine, migrate: false })).rejects.toThrow(/holds no database but is not empty \(notes\.txt\)/);
    expect(await readdir(notMine)).toEqual(['notes.txt']);
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
