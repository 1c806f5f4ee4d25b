import { createServer } from 'node:net';
import { join } from 'node:path';
import type { Child } from './children.js';
import { spawnNode } from './children.js';

/** How the service processes are run: where the repo is, its database, its token, tuning. */
export interface ServiceSettings {
  readonly root: string;
  readonly databaseUrl: string;
  readonly operatorToken: string;
  /** Extra environment for every service process (worker tuning). */
  readonly env: Readonly<Record<string, string>>;
  /** Where `--cpu-prof` writes, or null for no profiling. */
  readonly profileDir: string | null;
}

/** A free TCP port on 127.0.0.1 (the OS picks it; the service binds it right after). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** The environment of a service process: only what the service reads, nothing inherited by chance. */
function serviceEnv(settings: ServiceSettings, extra: Record<string, string>): NodeJS.ProcessEnv {
  const base: NodeJS.ProcessEnv = {};
  for (const key of ['PATH', 'HOME', 'LANG', 'TZ', 'NODE_PATH']) if (process.env[key] !== undefined) base[key] = process.env[key];
  return {
    ...base,
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    DATABASE_URL: settings.databaseUrl,
    OPERATOR_TOKEN: settings.operatorToken,
    ALLOW_HTTP_TARGETS: 'true',
    ALLOW_PRIVATE_TARGETS: 'true',
    LOG_LEVEL: 'warn',
    ...settings.env,
    ...extra,
  };
}

/**
 * `--cpu-prof` into a folder of the process's own: Node writes one profile per thread (tsx's
 * loader runs in a thread of its own), so a fixed file name would let one overwrite the other.
 */
export function profileFlags(profileDir: string | null, name: string): string[] {
  return profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}/${name}`] : [];
}

/** A running api process. */
export interface ApiProcess {
  readonly url: string;
  readonly child: Child;
}

let serial = 0;

/** Starts `apps/api/src/main.ts` and waits until GET /ready answers 200. */
export async function startApi(settings: ServiceSettings, options: { worker: boolean; label: string }): Promise<ApiProcess> {
  const port = await freePort();
  const name = `api-${options.label}-${++serial}`;
  const child = spawnNode(name, join(settings.root, 'apps/api/src/main.ts'), [], {
    cwd: settings.root,
    env: serviceEnv(settings, { PORT: String(port), WORKER: String(options.worker) }),
    nodeFlags: profileFlags(settings.profileDir, name),
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = performance.now() + 90_000;
  for (;;) {
    if (!child.alive) throw new Error(`${name} exited (${child.exitCode}) before it was ready:\n${child.output()}`);
    if (performance.now() > deadline) {
      await child.stop(2_000);
      throw new Error(`${name} was not ready within 90 s:\n${child.output()}`);
    }
    const ok = await fetch(`${url}/ready`)
      .then((r) => r.status === 200)
      .catch(() => false);
    if (ok) return { url, child };
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Starts `apps/worker/src/main.ts` (a standalone worker); readiness is the caller's to check. */
export function startWorkerProcess(settings: ServiceSettings, label: string): Child {
  const name = `worker-${label}-${++serial}`;
  return spawnNode(name, join(settings.root, 'apps/worker/src/main.ts'), [], {
    cwd: settings.root,
    env: serviceEnv(settings, {}),
    nodeFlags: profileFlags(settings.profileDir, name),
  });
}

/** Stops a service process as an operator would (SIGTERM: it drains), and says if it exited cleanly. */
export async function stopService(child: Child): Promise<void> {
  const code = await child.stop(30_000);
  if (code !== 0) process.stderr.write(`warning: ${child.name} exited with ${code}\n${child.output().slice(-2000)}\n`);
}
