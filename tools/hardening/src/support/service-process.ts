import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { HttpClient } from './http-client.js';
import { freePort } from './private-postgres.js';
import type { Receiver } from '@webhooks/composition/testing';
import { OPERATOR_TOKEN } from './service.js';

/** How a service process ended without being asked to. */
export interface Crash {
  readonly pid: number;
  readonly code: number | null;
  readonly signal: string | null;
  /** The last lines it wrote to stderr (its logs, and the stack of what killed it). */
  readonly tail: string;
}

const RUNNER = fileURLToPath(new URL('./api-process.ts', import.meta.url));

/**
 * The api app in a child process on a fixed port, supervised: when it dies unasked, the crash is
 * recorded and it is started again (as systemd or Kubernetes would), so a suite can check that a
 * crash loses nothing, and count crashes instead of dying with them.
 */
export class ServiceProcess {
  readonly operatorToken = OPERATOR_TOKEN;
  readonly crashes: Crash[] = [];
  readonly logs: string[] = [];
  /** Every pid the service ran as, in order. */
  readonly pids: number[] = [];
  private child: ChildProcess | null = null;
  private stopping = false;
  private restarting: Promise<void> | null = null;

  private constructor(
    readonly url: string,
    readonly http: HttpClient,
    readonly receiver: Receiver,
    private readonly env: Readonly<Record<string, string>>,
  ) {}

  /** Starts the service on a free port with `env` (DATABASE_URL among it). */
  static async start(env: Readonly<Record<string, string>>, receiver: Receiver): Promise<ServiceProcess> {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const service = new ServiceProcess(url, new HttpClient(url), receiver, {
      HOST: '127.0.0.1',
      PORT: String(port),
      OPERATOR_TOKEN,
      ALLOW_HTTP_TARGETS: 'true',
      ALLOW_PRIVATE_TARGETS: 'true',
      LOG_LEVEL: 'info',
      ...env,
    });
    await service.spawnUntilReady();
    return service;
  }

  /** Waits until a restart under way (if any) is done. */
  async settled(): Promise<void> {
    while (this.restarting) await this.restarting;
  }

  /** Stops the service (SIGTERM, then SIGKILL after 10 s). */
  async stop(): Promise<void> {
    this.stopping = true;
    await this.restarting?.catch(() => undefined);
    const child = this.child;
    this.http.close();
    if (!child || child.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      const kill = setTimeout(() => child.kill('SIGKILL'), 10_000);
      child.once('exit', () => {
        clearTimeout(kill);
        resolve();
      });
      child.kill('SIGTERM');
    });
  }

  /** Starts a child, retrying while it fails to start (its database may be down), until it listens. */
  private async spawnUntilReady(): Promise<void> {
    for (let attempt = 0; attempt < 120; attempt += 1) {
      if (this.stopping) return;
      if (await this.spawnOnce()) return;
      await new Promise((r) => setTimeout(r, 250));
    }
    throw new Error('the service never started');
  }

  private spawnOnce(): Promise<boolean> {
    const env: Record<string, string> = { ...(process.env as Record<string, string>), ...this.env };
    delete env['NODE_OPTIONS'];
    const child = spawn(process.execPath, ['--conditions=@webhooks/source', '--import', 'tsx', RUNNER], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    const tail: string[] = [];
    createInterface({ input: child.stderr }).on('line', (line) => {
      this.logs.push(line);
      tail.push(line);
      if (tail.length > 60) tail.shift();
    });
    return new Promise((resolve) => {
      let ready = false;
      createInterface({ input: child.stdout }).on('line', (line) => {
        if (!line.startsWith('READY ')) return;
        ready = true;
        this.pids.push(child.pid ?? 0);
        resolve(true);
      });
      child.once('exit', (code, signal) => {
        if (!ready) {
          resolve(false);
          return;
        }
        if (this.stopping) return;
        this.crashes.push({ pid: child.pid ?? 0, code, signal, tail: tail.join('\n') });
        this.restarting = this.spawnUntilReady().finally(() => (this.restarting = null));
      });
    });
  }
}
