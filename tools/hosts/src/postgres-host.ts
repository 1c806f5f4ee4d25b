import { execFile } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { appendFile, chown, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import type { TestProcess } from '@webhooks/test-kit';
import { startProcess, until } from '@webhooks/test-kit';
import type { Host, Network } from './network.js';

const run = promisify(execFile);

/** The bin directory of the newest PostgreSQL of the machine (`PG_BIN` overrides). */
function postgresBin(): string {
  const given = process.env['PG_BIN'];
  if (given && existsSync(join(given, 'postgres'))) return given;
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).filter((v) => existsSync(join(root, v, 'bin', 'initdb'))) : [];
  const newest = versions.sort((a, b) => Number(b) - Number(a))[0];
  if (!newest) throw new Error('no PostgreSQL binaries (initdb, postgres) under /usr/lib/postgresql: set PG_BIN');
  return join(root, newest, 'bin');
}

/** A throwaway PostgreSQL cluster running on a host of the network. */
export interface PostgresHost {
  readonly host: Host;
  readonly process: TestProcess;
  /** The URL of database `name` on it. */
  url(name: string): string;
  /** Makes database `name`. */
  createDatabase(name: string): Promise<void>;
  /** Answers `sql` on database `name` (through a pool of two connections per database). */
  query<T extends object>(name: string, sql: string, params?: unknown[]): Promise<T[]>;
  /** Closes the pools of {@link PostgresHost.query}. */
  close(): Promise<void>;
}

/**
 * initdb into a temp dir (as the `postgres` OS user: initdb refuses root), trust for the
 * network's subnet, then `postgres` in the host's namespace listening on its address only, as
 * `postgres` through `setpriv` (which execs: the process is the postmaster, in a group of its own).
 */
export async function startPostgres(net: Network, host: Host): Promise<PostgresHost> {
  const bin = postgresBin();
  const dir = await mkdtemp(join(tmpdir(), 'webhooks-hosts-pg-'));
  net.track(dir);
  const [{ stdout: uid }, { stdout: gid }] = await Promise.all([run('id', ['-u', 'postgres']), run('id', ['-g', 'postgres'])]);
  await chown(dir, Number(uid.trim()), Number(gid.trim()));
  const data = join(dir, 'data');
  await run('runuser', ['-u', 'postgres', '--', join(bin, 'initdb'), '-D', data, '--auth=trust', '-U', 'postgres', '-E', 'UTF8', '--no-sync', '--no-instructions'], { timeout: 60_000 });
  await appendFile(join(data, 'pg_hba.conf'), `host all all ${net.subnet} trust\n`);
  const proc = startProcess(
    'setpriv',
    ['--reuid=postgres', '--regid=postgres', '--init-groups', join(bin, 'postgres'), '-D', data, '-k', dir, '-p', '5432', '-c', `listen_addresses=${host.address}`, '-c', 'fsync=off', '-c', 'max_connections=300'],
    { name: 'postgres', via: host.via },
  );
  const url = (name: string) => `postgres://postgres@${host.address}:5432/${name}`;
  // A small pool per database, so polling does not fork a backend per question (it would show in Postgres' CPU).
  const pools = new Map<string, pg.Pool>();
  const query = async <T extends object>(name: string, text: string, params: unknown[] = []): Promise<T[]> => {
    let pool = pools.get(name);
    if (!pool) {
      pool = new pg.Pool({ connectionString: url(name), connectionTimeoutMillis: 5_000, max: 2 });
      pool.on('error', () => undefined); // an idle connection ended with the server: the next query opens another
      pools.set(name, pool);
    }
    return (await pool.query<T>(text, params)).rows;
  };
  await until(
    async () => {
      if (!proc.alive) throw new Error(`postgres exited (${proc.exitCode}):\n${proc.tail()}`);
      return query('postgres', 'select 1').then(
        () => true,
        () => false,
      );
    },
    `postgres on ${host.address}:5432`,
    60_000,
    200,
  );
  return {
    host,
    process: proc,
    url,
    createDatabase: async (name) => void (await query('postgres', `create database ${name}`)),
    query,
    close: async () => {
      await Promise.all([...pools.values()].map((p) => p.end()));
      pools.clear();
    },
  };
}
