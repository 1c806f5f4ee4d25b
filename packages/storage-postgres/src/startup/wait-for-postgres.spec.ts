import { createServer, connect } from 'node:net';
import type { AddressInfo, Server, Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { freshDatabase, testServerUrl, type TestDatabase } from '../testing/index.js';
import type { OpenProgress } from './open-progress.js';
import { DatabaseUnreachableError, describeTarget, waitForPostgres } from './wait-for-postgres.js';

/** A port nothing listens on (taken, then freed). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** `url` with its port replaced. */
function onPort(url: string, port: number): string {
  const u = new URL(url);
  u.host = `127.0.0.1:${port}`;
  return u.toString();
}

describe('waitForPostgres', () => {
  let database: TestDatabase;
  const sockets = new Set<Socket>();
  let proxy: Server | null = null;

  beforeAll(async () => {
    database = await freshDatabase({ requireServer: true });
  });

  afterAll(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((resolve) => (proxy ? proxy.close(() => resolve()) : resolve()));
    await database.drop();
  });

  describe('when the server comes up while it waits', () => {
    it('should retry with backoff, saying so, and return once it answers', async () => {
      const server = new URL(testServerUrl());
      const port = await freePort();
      const progress: OpenProgress[] = [];
      const waiting = waitForPostgres(onPort(database.url, port), { timeoutMs: 20_000, onProgress: (p) => progress.push(p), firstBackoffMs: 200 });
      // Nothing listens yet: the first tries are refused. Then a proxy to the real server appears on the port.
      await new Promise((resolve) => setTimeout(resolve, 700));
      proxy = createServer((client) => {
        const upstream = connect(Number(server.port || 5432), server.hostname);
        for (const s of [client, upstream]) {
          sockets.add(s);
          s.on('error', () => undefined);
          s.on('close', () => sockets.delete(s));
        }
        client.pipe(upstream).pipe(client);
      });
      await new Promise<void>((resolve) => proxy?.listen(port, '127.0.0.1', resolve));
      await waiting;
      expect(progress.length).toBeGreaterThanOrEqual(2);
      expect(progress[0]).toMatchObject({ step: 'waiting-for-postgres', attempt: 1, reason: expect.stringContaining('ECONNREFUSED'), retryInMs: 200 });
      expect(progress[1]).toMatchObject({ attempt: 2, retryInMs: 400 });
    });
  });

  describe('when the server never answers', () => {
    it('should give up after the time allowed, with a message naming the server but not its password', async () => {
      const port = await freePort();
      const url = `postgres://app:s3cret-pass@127.0.0.1:${port}/webhooks`;
      const started = Date.now();
      const failure = await waitForPostgres(url, { timeoutMs: 1_500, firstBackoffMs: 100 }).catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(DatabaseUnreachableError);
      expect(Date.now() - started).toBeLessThan(6_000);
      expect((failure as Error).message).toMatch(new RegExp(`^Postgres at app@127\\.0\\.0\\.1:${port}/webhooks did not answer within 1\\.\\d s \\(ECONNREFUSED`));
      expect((failure as Error).message).not.toContain('s3cret');
    });

    it('should try once when no time is allowed', async () => {
      const progress: OpenProgress[] = [];
      const failure = await waitForPostgres(`postgres://127.0.0.1:${await freePort()}/x`, { timeoutMs: 0, onProgress: (p) => progress.push(p) }).catch((e: unknown) => e);
      expect(failure).toBeInstanceOf(DatabaseUnreachableError);
      expect(progress).toEqual([]);
    });
  });

  describe('when the server answers with an error that waiting does not cure', () => {
    it('should throw it at once (a missing database)', async () => {
      const missing = new URL(database.url);
      missing.pathname = '/webhooks_no_such_database';
      const started = Date.now();
      await expect(waitForPostgres(missing.toString(), { timeoutMs: 20_000 })).rejects.toMatchObject({ code: '3D000' });
      expect(Date.now() - started).toBeLessThan(5_000);
    });
  });

  it('should describe a URL without its password', () => {
    expect(describeTarget('postgres://user:pw@db.internal:6432/webhooks?sslmode=require')).toBe('user@db.internal:6432/webhooks');
    expect(describeTarget('not a url')).toBe('(an unreadable DATABASE_URL)');
  });
});
