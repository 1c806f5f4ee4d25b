import { describe, expect, it } from '@jest/globals';
import { StorageUnavailableError } from '@webhooks/domain';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Database } from './database.js';
import { SqlStorage } from './sql-storage.js';
import { freshDatabase } from './testing/index.js';
import { openStorage } from './open-storage.js';
import { isUnavailable, translated, translatingErrors } from './sql/unavailable.js';

const withCode = (code: string, message = 'x') => Object.assign(new Error(message), { code });

describe('isUnavailable', () => {
  it('should recognise a database that cannot be reached', () => {
    for (const error of [
      withCode('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:5432'),
      withCode('ECONNRESET'),
      withCode('08006', 'connection failure'),
      withCode('08003', 'connection does not exist'),
      withCode('08001', 'could not connect to server'),
      withCode('57P01', 'terminating connection due to administrator command'),
      withCode('57P03', 'the database system is starting up'),
      withCode('53300', 'too many connections'),
      new Error('Connection terminated unexpectedly'),
      new Error('timeout exceeded when trying to connect'),
      new AggregateError([withCode('ECONNREFUSED'), withCode('ECONNREFUSED')], ''),
    ]) {
      expect(isUnavailable(error)).toBe(true);
    }
  });

  it('should leave statement errors, bugs and non-errors alone', () => {
    for (const error of [
      withCode('23505', 'duplicate key value violates unique constraint'),
      withCode('42P01', 'relation "nope" does not exist'),
      withCode('22P02', 'invalid input syntax'),
      withCode('08P01', 'bind message has 4464 parameter formats but 0 parameters'),
      withCode('57014', 'canceling statement due to statement timeout'),
      new TypeError('undefined is not a function'),
      'a string',
      null,
      undefined,
    ]) {
      expect(isUnavailable(error)).toBe(false);
    }
  });
});

describe('translated', () => {
  it('should wrap an unreachable database in StorageUnavailableError keeping the cause, and pass the rest', () => {
    const refused = withCode('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:5432');
    const wrapped = translated(refused);
    expect(wrapped).toBeInstanceOf(StorageUnavailableError);
    expect((wrapped as Error).cause).toBe(refused);
    expect(translated(wrapped)).toBe(wrapped);
    const duplicate = withCode('23505');
    expect(translated(duplicate)).toBe(duplicate);
  });
});

describe('translatingErrors', () => {
  it('should translate rejections of async methods, and leave values and sync methods as they are', async () => {
    const store = translatingErrors({
      label: 'store',
      fails: async () => Promise.reject(withCode('57P01')),
      breaks: async () => Promise.reject(new RangeError('bug')),
      works: async (n: number) => n + 1,
      sync: () => 'sync',
    });
    await expect(store.fails()).rejects.toBeInstanceOf(StorageUnavailableError);
    await expect(store.breaks()).rejects.toBeInstanceOf(RangeError);
    expect(await store.works(1)).toBe(2);
    expect(store.sync()).toBe('sync');
    expect(store.label).toBe('store');
  });
});

describe('SqlStorage over a database that refuses connections', () => {
  it('should fail store calls and transactions with StorageUnavailableError', async () => {
    // Port 1 on loopback: nothing listens, the connection is refused at once.
    const pool = new pg.Pool({ connectionString: 'postgres://postgres@127.0.0.1:1/none', connectionTimeoutMillis: 2_000 });
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    const storage = new SqlStorage(db);
    try {
      await expect(storage.projects.get('prj_1')).rejects.toBeInstanceOf(StorageUnavailableError);
      await expect(storage.activities.findMany('prj_1', ['a'])).rejects.toBeInstanceOf(StorageUnavailableError);
      await expect(storage.transaction(async (tx) => tx.projects.get('prj_1'))).rejects.toBeInstanceOf(StorageUnavailableError);
      expect(await storage.ping()).toBe(false);
    } finally {
      await db.destroy();
    }
  });
});

describe('a statement the server refuses, on real Postgres', () => {
  it('should stay a plain error (a bug, answered 500 and logged), not StorageUnavailableError', async () => {
    const database = await freshDatabase({ requireServer: true });
    const handle = await openStorage({ databaseUrl: database.url, poolSize: 1 });
    try {
      const { storage } = handle;
      // 70,000 parameters: the protocol counts them in 16 bits, so the server refuses the bind (08P01).
      const ids = Array.from({ length: 70_000 }, (_, i) => `act_${i}`);
      const refused = await storage.activities.findMany('prj_1', ids).then(
        () => null,
        (error: unknown) => error,
      );
      expect(refused).not.toBeInstanceOf(StorageUnavailableError);
      expect(refused).toMatchObject({ code: '08P01' });
      // The connection is still good: the next statement is answered.
      expect(await storage.ping()).toBe(true);
    } finally {
      await handle.close();
      await database.drop();
    }
  });
});
