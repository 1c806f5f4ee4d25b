import type { TestProcess } from '@webhooks/test-kit';
import { startApiProcess, startWorkerProcess as startKitWorker } from '@webhooks/test-kit';

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

/** The environment of a service process: only what the service reads, nothing inherited by chance (the test kit adds its loopback defaults). */
function serviceEnv(settings: ServiceSettings, extra: Record<string, string>): Record<string, string | undefined> {
  const base: Record<string, string | undefined> = {};
  for (const key of ['PATH', 'HOME', 'LANG', 'TZ', 'NODE_PATH']) if (process.env[key] !== undefined) base[key] = process.env[key];
  return {
    ...base,
    NODE_ENV: 'production',
    DATABASE_URL: settings.databaseUrl,
    OPERATOR_TOKEN: settings.operatorToken,
    LOG_LEVEL: 'warn',
    WORKER_POLL_MS: undefined,
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
  readonly child: TestProcess;
}

let serial = 0;

/** Starts `apps/api/src/main.ts` (the test kit's `startApiProcess`) and waits until GET /ready answers 200. */
export async function startApi(settings: ServiceSettings, options: { worker: boolean; label: string }): Promise<ApiProcess> {
  const name = `api-${options.label}-${++serial}`;
  const started = await startApiProcess({
    name,
    cwd: settings.root,
    inheritEnv: false,
    env: serviceEnv(settings, { WORKER: String(options.worker) }),
    nodeFlags: profileFlags(settings.profileDir, name),
  });
  return { url: started.url, child: started.process };
}

/** Starts `apps/worker/src/main.ts` (a standalone worker); readiness is the caller's to check. */
export function startWorkerProcess(settings: ServiceSettings, label: string): TestProcess {
  const name = `worker-${label}-${++serial}`;
  return startKitWorker({ name, cwd: settings.root, inheritEnv: false, env: serviceEnv(settings, {}), nodeFlags: profileFlags(settings.profileDir, name) });
}

/** Stops a service process as an operator would (SIGTERM: it drains), and says if it exited cleanly. */
export async function stopService(child: TestProcess): Promise<void> {
  const code = await child.stop(30_000);
  if (code !== 0) process.stderr.write(`warning: ${child.name} exited with ${code}\n${child.tail(2000)}\n`);
}
