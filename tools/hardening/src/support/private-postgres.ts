import { execFile } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { chown, mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from '@webhooks/test-kit';

const run = promisify(execFile);

/** The temp dir prefix of every cluster made here. */
const PREFIX = 'hardening-pg-';

/** Whether a process of this pid runs. */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** How a throwaway cluster is stopped: `fast` ends sessions cleanly, `immediate` is a crash (recovery at start). */
export type StopMode = 'fast' | 'immediate';

/** The bin directory of the newest PostgreSQL found (PG_BIN overrides), or null. */
function postgresBin(): string | null {
  const given = process.env['PG_BIN'];
  if (given) return existsSync(join(given, 'initdb')) ? given : null;
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return null;
  const versions = readdirSync(root)
    .filter((v) => existsSync(join(root, v, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] ? join(root, versions[0], 'bin') : null;
}

/**
 * A private, throwaway PostgreSQL cluster for fault injection, so the machine's shared server at
 * 127.0.0.1:5432 is never restarted: `initdb` into a temp dir (trust auth, user `postgres`), a
 * free port on 127.0.0.1, the socket in the same dir. initdb refuses to run as root, so as root
 * every command runs as the `postgres` OS user through `runuser`, on a dir it owns.
 */
export class PrivatePostgres {
  private constructor(
    readonly dir: string,
    readonly port: number,
    private readonly bin: string,
    private readonly asPostgres: boolean,
  ) {}

  /** Creates and starts a cluster; throws with the reason when this machine cannot. */
  static async create(): Promise<PrivatePostgres> {
    const bin = postgresBin();
    if (!bin) throw new Error('no PostgreSQL binaries (initdb, pg_ctl) found: set PG_BIN');
    const asPostgres = process.getuid?.() === 0;
    await PrivatePostgres.removeAbandoned(bin, asPostgres);
    const dir = await mkdtemp(join(tmpdir(), PREFIX));
    await writeFile(join(dir, 'owner.pid'), String(process.pid));
    if (asPostgres) {
      const [{ stdout: uid }, { stdout: gid }] = await Promise.all([run('id', ['-u', 'postgres']), run('id', ['-g', 'postgres'])]);
      await chown(dir, Number(uid.trim()), Number(gid.trim()));
    }
    const cluster = new PrivatePostgres(dir, await freePort(), bin, asPostgres);
    await cluster.exec('initdb', ['-D', cluster.dataDir, '--auth=trust', '-U', 'postgres', '-E', 'UTF8', '--no-sync', '--no-instructions']);
    await cluster.start();
    return cluster;
  }

  /** The data directory. */
  get dataDir(): string {
    return join(this.dir, 'data');
  }

  /** A URL of database `name` on this cluster. */
  url(name = 'postgres'): string {
    return `postgres://postgres@127.0.0.1:${this.port}/${name}`;
  }

  /** Starts the server and waits until it accepts connections. */
  async start(): Promise<void> {
    await this.exec('pg_ctl', [
      '-D',
      this.dataDir,
      '-l',
      join(this.dir, 'server.log'),
      '-w',
      '-t',
      '30',
      '-o',
      `-p ${this.port} -k ${this.dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200`,
      'start',
    ]);
  }

  /** Stops the server (`fast`: sessions ended; `immediate`: as a crash). */
  async stop(mode: StopMode = 'fast'): Promise<void> {
    await this.exec('pg_ctl', ['-D', this.dataDir, '-m', mode, '-w', '-t', '30', 'stop']);
  }

  /** Stops (in `mode`), stays down `downMs`, starts again. */
  async restart(mode: StopMode, downMs: number): Promise<void> {
    await this.stop(mode);
    await new Promise((r) => setTimeout(r, downMs));
    await this.start();
  }

  /** Stops the server at once and deletes the cluster. */
  async remove(): Promise<void> {
    await this.stop('immediate').catch(() => undefined);
    await rm(this.dir, { recursive: true, force: true });
  }

  /** Stops and deletes clusters left by runs that died (their owner process is gone). */
  private static async removeAbandoned(bin: string, asPostgres: boolean): Promise<void> {
    for (const name of (await readdir(tmpdir())).filter((n) => n.startsWith(PREFIX))) {
      const dir = join(tmpdir(), name);
      const owner = Number(await readFile(join(dir, 'owner.pid'), 'utf8').catch(() => '0'));
      if (owner > 0 && alive(owner)) continue;
      // Without an owner yet, it may be another run's cluster being made right now.
      if (owner === 0 && Date.now() - (await stat(dir)).mtimeMs < 120_000) continue;
      await new PrivatePostgres(dir, 0, bin, asPostgres).remove();
    }
  }

  private async exec(tool: string, args: readonly string[]): Promise<void> {
    const file = join(this.bin, tool);
    const [command, argv] = this.asPostgres ? ['runuser', ['-u', 'postgres', '--', file, ...args]] : [file, [...args]];
    await run(command, argv, { timeout: 60_000 });
  }
}
