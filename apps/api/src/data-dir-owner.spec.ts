import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

const MAIN = fileURLToPath(new URL('./main.ts', import.meta.url));

/** A started `npm start` process (apps/api/src/main.ts), in a process group of its own, and what it printed. */
interface ApiProcess {
  readonly child: ChildProcess;
  readonly out: () => string;
  readonly exited: Promise<number | null>;
}

function startApi(dataDir: string): ApiProcess {
  const child = spawn(process.execPath, ['--conditions=@webhooks/source', '--import', 'tsx', MAIN], {
    env: { ...process.env, NODE_OPTIONS: '', DATABASE_URL: '', DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', OPERATOR_TOKEN: 'operator-token-data-dir', LOG_LEVEL: 'warn', WORKER: 'false' },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let out = '';
  child.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, out: () => out, exited };
}

/** Kills the whole process group of `api` with `signal` (quietly if it is gone). */
function kill(api: ApiProcess | undefined, signal: NodeJS.Signals): void {
  if (api?.child.pid === undefined || api.child.exitCode !== null || api.child.signalCode !== null) return;
  try {
    process.kill(-api.child.pid, signal);
  } catch {
    // already gone
  }
}

/** Resolves with the URL the process printed once it listens; rejects if it exits first or takes too long. */
async function listening(api: ApiProcess, timeoutMs = 60_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const url = /listening on (http:\/\/\S+)/.exec(api.out())?.[1];
    if (url) return url;
    if (api.child.exitCode !== null) throw new Error(`the api exited (${api.child.exitCode}) before listening:\n${api.out()}`);
    if (Date.now() > deadline) throw new Error(`the api did not listen in time:\n${api.out()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('the embedded database directory (DATA_DIR)', () => {
  let dir: string;
  const started: ApiProcess[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'webhooks-data-dir-'));
  });

  afterAll(async () => {
    for (const api of started) kill(api, 'SIGKILL');
    await Promise.all(started.map((api) => api.exited));
    await rm(dir, { recursive: true, force: true });
  });

  it('should refuse a second process naming the holder, and not stay blocked once the holder is killed with SIGKILL', async () => {
    const dataDir = join(dir, 'data');
    const first = startApi(dataDir);
    started.push(first);
    const firstUrl = await listening(first);
    const created = await fetch(`${firstUrl}/v1/projects`, {
      method: 'POST',
      headers: { authorization: 'Bearer operator-token-data-dir', 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Kept', system: 'individual' }),
    });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };

    const second = startApi(dataDir);
    started.push(second);
    expect(await second.exited).toBe(4);
    expect(second.out()).toContain(`the embedded database in ${dataDir} is in use by another process: pid ${first.child.pid} on ${hostname()}, since `);
    expect(second.out()).not.toContain('listening on');
    // The holder was not disturbed.
    expect((await fetch(`${firstUrl}/health`)).status).toBe(200);

    kill(first, 'SIGKILL');
    await first.exited;
    const third = startApi(dataDir);
    started.push(third);
    const thirdUrl = await listening(third);
    const kept = await fetch(`${thirdUrl}/v1/projects/${id}`, { headers: { authorization: 'Bearer operator-token-data-dir' } });
    expect(kept.status).toBe(200);
    kill(third, 'SIGTERM');
    expect(await third.exited).toBe(0);
  }, 180_000);
});
