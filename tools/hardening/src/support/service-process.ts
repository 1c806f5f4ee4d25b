import type { Receiver, TestProcess } from '@webhooks/test-kit';
import { freePort, startApiProcess } from '@webhooks/test-kit';
import { HttpClient } from './http-client.js';
import { OPERATOR_TOKEN } from './service.js';

/** How a service process ended without being asked to. */
export interface Crash {
  readonly pid: number;
  readonly code: number | null;
  readonly signal: string | null;
  /** The last lines it wrote (its logs, and the stack of what killed it). */
  readonly tail: string;
}

/**
 * The api app in a child process on a fixed port (the test kit's `startApiProcess`), supervised:
 * when it dies unasked, the crash is recorded and it is started again (as systemd or Kubernetes
 * would), so a suite can check that a crash loses nothing, and count crashes instead of dying with them.
 */
export class ServiceProcess {
  readonly operatorToken = OPERATOR_TOKEN;
  readonly crashes: Crash[] = [];
  /** Every process the service ran as, in order. */
  private readonly runs: TestProcess[] = [];
  private stopping = false;
  private restarting: Promise<void> | null = null;

  private constructor(
    readonly url: string,
    readonly http: HttpClient,
    readonly receiver: Receiver,
    private readonly port: number,
    private readonly env: Readonly<Record<string, string>>,
  ) {}

  /** Starts the service on a free port with `env` (DATABASE_URL among it). */
  static async start(env: Readonly<Record<string, string>>, receiver: Receiver): Promise<ServiceProcess> {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const service = new ServiceProcess(url, new HttpClient(url), receiver, port, { OPERATOR_TOKEN, ...env });
    await service.spawnUntilReady();
    return service;
  }

  /** Every pid the service ran as, in order. */
  get pids(): number[] {
    return this.runs.map((run) => run.pid);
  }

  /** Every log line the service wrote, over all its runs. */
  get logs(): string[] {
    return this.runs.flatMap((run) => `${run.output}${run.errors}`.split('\n').filter((line) => line !== ''));
  }

  /** Waits until a restart under way (if any) is done. */
  async settled(): Promise<void> {
    while (this.restarting) await this.restarting;
  }

  /** Stops the service (SIGTERM, then SIGKILL after 10 s). */
  async stop(): Promise<void> {
    this.stopping = true;
    await this.restarting?.catch(() => undefined);
    this.http.close();
    await this.runs[this.runs.length - 1]?.stop(10_000);
  }

  /** Starts the service, again while it fails to start (its database may be down), until it is ready. */
  private async spawnUntilReady(): Promise<void> {
    for (let attempt = 0; attempt < 120; attempt += 1) {
      if (this.stopping) return;
      const started = await startApiProcess({ port: this.port, env: this.env }).catch(() => null);
      if (started) {
        this.watch(started.process);
        return;
      }
      await new Promise((r) => setTimeout(r, 250));
    }
    throw new Error('the service never started');
  }

  /** Records a run, and when it ends unasked, the crash, then starts the service again. */
  private watch(run: TestProcess): void {
    this.runs.push(run);
    void run.exited.then(({ code, signal }) => {
      if (this.stopping) return;
      this.crashes.push({ pid: run.pid, code, signal, tail: run.tail(6000) });
      this.restarting = this.spawnUntilReady().finally(() => (this.restarting = null));
    });
  }
}
