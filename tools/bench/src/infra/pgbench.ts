import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Transactions per second pgbench reached with each script, or null where pgbench is missing. */
export interface CommitCeiling {
  readonly connections: number;
  readonly seconds: number;
  /** `begin; insert; commit` */
  readonly insertCommit: number | null;
  /** The same with `select pg_notify(…)` inside the transaction, as the service's ingest does. */
  readonly insertNotifyCommit: number | null;
}

const SCRIPTS = {
  insertCommit: 'begin;\ninsert into bench_commit (v) values (repeat(\'x\', 300));\ncommit;\n',
  insertNotifyCommit: "begin;\ninsert into bench_commit (v) values (repeat('x', 300));\nselect pg_notify('bench_commit', '');\ncommit;\n",
} as const;

/** The pgbench options that reach `databaseUrl`. */
function connectionArgs(databaseUrl: string): string[] {
  const url = new URL(databaseUrl);
  return ['-h', url.hostname, '-p', url.port || '5432', '-U', decodeURIComponent(url.username || 'postgres'), url.pathname.slice(1)];
}

function runPgbench(args: readonly string[], timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn('pgbench', [...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => (out += c.toString('utf8')));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      if (code === 0) resolve(out);
      else reject(new Error(`pgbench exited ${code}: ${out.slice(-500)}`));
    });
  });
}

/**
 * What Postgres on this machine commits per second at the service's pool size, with and without
 * a NOTIFY in the transaction: NOTIFY takes a lock at commit that is held until the commit is
 * flushed, so notifying transactions cannot share a WAL flush (no group commit).
 * `exec` runs SQL on the bench database (creates and drops the scratch table).
 */
export async function commitCeiling(databaseUrl: string, exec: (sql: string) => Promise<unknown>, connections: number, seconds: number): Promise<CommitCeiling> {
  const none: CommitCeiling = { connections, seconds, insertCommit: null, insertNotifyCommit: null };
  if (spawnSync('pgbench', ['--version']).status !== 0) return none;
  const dir = mkdtempSync(join(tmpdir(), 'bench-pgbench-'));
  await exec('create table if not exists bench_commit (id bigserial primary key, v text)');
  try {
    const tps: Record<string, number | null> = {};
    for (const [name, script] of Object.entries(SCRIPTS)) {
      const file = join(dir, `${name}.sql`);
      writeFileSync(file, script);
      const out = await runPgbench(['-n', '-c', String(connections), '-j', '2', '-T', String(seconds), '-f', file, ...connectionArgs(databaseUrl)], (seconds + 30) * 1000);
      const m = /tps = ([\d.]+)/.exec(out);
      tps[name] = m ? Number(m[1]) : null;
    }
    return { connections, seconds, insertCommit: tps['insertCommit'] ?? null, insertNotifyCommit: tps['insertNotifyCommit'] ?? null };
  } finally {
    await exec('drop table if exists bench_commit');
    rmSync(dir, { recursive: true, force: true });
  }
}
