import { freePort } from './free-port.js';
import type { ProcessOptions, TestProcess } from './process.js';
import { ROOT, startSource } from './process.js';

/** The environment every test starts the service with: loopback, local targets allowed, a quick worker poll. */
export const TEST_SERVICE_ENV: Readonly<Record<string, string>> = {
  HOST: '127.0.0.1',
  ALLOW_HTTP_TARGETS: 'true',
  ALLOW_PRIVATE_TARGETS: 'true',
  LOG_LEVEL: 'info',
  WORKER_POLL_MS: '200',
};

/** Where the api's and the worker's entry points are (what `webhooks serve` and `webhooks worker` run). */
export const API_MAIN = `${ROOT}apps/api/src/main.ts`;
export const WORKER_MAIN = `${ROOT}apps/worker/src/main.ts`;

/** Options of {@link startApiProcess} and {@link startWorkerProcess}. */
export interface ServiceProcessOptions extends Omit<ProcessOptions, 'ipc'> {
  /** Node flags before the entry point (e.g. `--cpu-prof`). */
  readonly nodeFlags?: readonly string[];
  /** How long the api may take to answer GET /ready 200 (default 90 s). */
  readonly readyWithinMs?: number;
  /** The port the api listens on (default: a free one); a restarted api keeps its URL with it. */
  readonly port?: number;
  /** The address the api listens on and is reached at (default 127.0.0.1; with `via`, an address of its network namespace). */
  readonly host?: string;
}

/** A running api process and its URL. */
export interface ApiProcess {
  readonly url: string;
  readonly process: TestProcess;
}

/**
 * Starts the api (worker inside unless `WORKER=false`) as a process of its own on a free port of
 * 127.0.0.1, with {@link TEST_SERVICE_ENV} and `env` over it (DATABASE_URL or DATA_DIR among it),
 * and waits until GET /ready answers 200. Fails — the process killed — when it exits first or is
 * not ready in time.
 */
export async function startApiProcess(options: ServiceProcessOptions = {}): Promise<ApiProcess> {
  const port = options.port ?? (await freePort());
  const host = options.host ?? '127.0.0.1';
  const url = `http://${host}:${port}`;
  const proc = startSource(API_MAIN, [], { name: 'api', ...options, env: { ...TEST_SERVICE_ENV, ...options.env, HOST: host, PORT: String(port) } });
  const deadline = Date.now() + (options.readyWithinMs ?? 90_000);
  for (;;) {
    if (!proc.alive) throw new Error(`${proc.name} exited (${proc.exitCode}) before it was ready:\n${proc.tail()}`);
    if (Date.now() > deadline) {
      await proc.kill();
      throw new Error(`${proc.name} was not ready within ${options.readyWithinMs ?? 90_000} ms:\n${proc.tail()}`);
    }
    const ready = await fetch(`${url}/ready`).then(
      (res) => res.status === 200,
      () => false,
    );
    if (ready) return { url, process: proc };
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Starts a standalone worker process with {@link TEST_SERVICE_ENV} and `env` over it; readiness is the caller's to check. */
export function startWorkerProcess(options: ServiceProcessOptions = {}): TestProcess {
  return startSource(WORKER_MAIN, [], { name: 'worker', ...options, env: { ...TEST_SERVICE_ENV, ...options.env } });
}
