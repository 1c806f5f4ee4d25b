import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { connect, createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';

/** The repository's root. */
export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** How to run `webhooks` from its TypeScript sources (what the tests do), and from the build output. */
export const FROM_SOURCES: readonly string[] = ['--conditions=@webhooks/source', '--import', 'tsx', fileURLToPath(new URL('./main.ts', import.meta.url))];
export const FROM_BUILD: readonly string[] = [fileURLToPath(new URL('../bin/webhooks.js', import.meta.url))];

/** Test defaults: loopback, any free port, local targets allowed, terse logs. */
export const QUIET_ENV: Readonly<Record<string, string>> = {
  HOST: '127.0.0.1',
  PORT: '0',
  ALLOW_HTTP_TARGETS: 'true',
  ALLOW_PRIVATE_TARGETS: 'true',
  LOG_LEVEL: 'info',
  WORKER_POLL_MS: '200',
};

/** A process started by a test, in a process group of its own, with everything it printed. */
export class TestProcess {
  readonly stdout: string[] = [];
  readonly stderr: string[] = [];
  readonly exited: Promise<{ readonly code: number | null; readonly signal: NodeJS.Signals | null }>;

  constructor(readonly child: ChildProcess) {
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => this.stdout.push(chunk));
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => this.stderr.push(chunk));
    this.exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  }

  /** Its pid, which is also its process group's id. */
  get pid(): number {
    if (this.child.pid === undefined) throw new Error('the process did not start');
    return this.child.pid;
  }

  get output(): string {
    return this.stdout.join('');
  }

  get errors(): string {
    return this.stderr.join('');
  }

  /** Waits until its stdout matches `pattern`; answers the match. Fails if it exits first. */
  async waitForOutput(pattern: RegExp, timeoutMs = 60_000): Promise<RegExpMatchArray> {
    const deadline = Date.now() + timeoutMs;
    let exited = false;
    void this.exited.then(() => (exited = true));
    for (;;) {
      const match = this.output.match(pattern);
      if (match) return match;
      if (exited) throw new Error(`the process exited before printing ${String(pattern)}:\n${this.output}\n${this.errors}`);
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${String(pattern)}:\n${this.output}\n${this.errors}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /** Waits until the api it runs prints where it listens; answers that URL. */
  async listening(timeoutMs?: number): Promise<string> {
    const [, url] = await this.waitForOutput(/listening on (http:\/\/\S+)/, timeoutMs);
    return url ?? '';
  }

  /** Sends `signal` to this process only (not its group). */
  signal(signal: NodeJS.Signals): void {
    process.kill(this.pid, signal);
  }

  /** True while any process of its group is alive. */
  groupAlive(): boolean {
    try {
      process.kill(-this.pid, 0);
      return true;
    } catch {
      return false;
    }
  }

  /** Kills whatever is left of its group (after a test, passing or not). */
  async kill(): Promise<void> {
    if (this.groupAlive()) process.kill(-this.pid, 'SIGKILL');
    await Promise.race([this.exited, new Promise((resolve) => setTimeout(resolve, 5_000))]);
  }
}

/** Runs `command args` in a process group of its own, from the repository root, with `env` over the test's. */
export function startProcess(command: string, args: readonly string[], env: Readonly<Record<string, string>>): TestProcess {
  const child = spawn(command, [...args], {
    cwd: ROOT,
    detached: true,
    env: { ...process.env, NODE_OPTIONS: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new TestProcess(child);
}

/** Runs `webhooks args` from the sources. */
export function startCli(args: readonly string[], env: Readonly<Record<string, string>> = {}): TestProcess {
  return startProcess(process.execPath, [...FROM_SOURCES, ...args], env);
}

/** Runs `webhooks args` from the sources to its end; answers its exit code and output. */
export async function runCli(args: readonly string[], env: Readonly<Record<string, string>> = {}) {
  const proc = startCli(args, env);
  try {
    const { code } = await proc.exited;
    return { code, stdout: proc.output, stderr: proc.errors };
  } finally {
    await proc.kill();
  }
}

/** True when nothing accepts connections at `url`'s port. */
export function portClosed(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect(Number(port), hostname);
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(true));
  });
}

/** Waits until `check` holds, polling; throws naming `what` after `timeoutMs`. */
export async function until(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** An http URL on loopback where nothing listens (a port taken, then freed). */
export async function unusedUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}
