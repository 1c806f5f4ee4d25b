import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The repository's root. */
export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** How much of each stream a process keeps (the newest text). */
const KEEP_CHARS = 4 * 1024 * 1024;

const running = new Set<TestProcess>();

/**
 * A process started by a test or a tool, in a process group of its own, with what it printed (the
 * newest 4 MiB of each stream). Stop it after use — {@link TestProcess.stop} or
 * {@link TestProcess.kill} — on success and on failure alike; {@link killAll} ends every one still running.
 */
export class TestProcess {
  readonly exited: Promise<{ readonly code: number | null; readonly signal: NodeJS.Signals | null }>;
  /** Resolves once it exited and its output streams are read to the end. */
  readonly closed: Promise<void>;
  /** Its exit code once it ended (-1 when a signal ended it); undefined while it runs. */
  exitCode: number | null | undefined = undefined;
  private out = '';
  private err = '';

  constructor(
    readonly name: string,
    readonly child: ChildProcess,
  ) {
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (this.out = (this.out + chunk).slice(-KEEP_CHARS)));
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (this.err = (this.err + chunk).slice(-KEEP_CHARS)));
    running.add(this);
    this.exited = new Promise((resolve) => {
      const done = (code: number | null, signal: NodeJS.Signals | null) => {
        this.exitCode = code ?? (signal ? -1 : null);
        running.delete(this);
        resolve({ code, signal });
      };
      child.once('exit', done);
      child.once('error', () => done(-1, null));
    });
    this.closed = new Promise((resolve) => child.once('close', () => resolve()));
  }

  /** Its pid, which is also its process group's id. */
  get pid(): number {
    if (this.child.pid === undefined) throw new Error(`${this.name} did not start`);
    return this.child.pid;
  }

  get alive(): boolean {
    return this.exitCode === undefined;
  }

  /** What it printed on stdout. */
  get output(): string {
    return this.out;
  }

  /** What it printed on stderr. */
  get errors(): string {
    return this.err;
  }

  /** Waits until its stdout or stderr matches `pattern`; answers the match. Fails if it exits first. */
  async waitForOutput(pattern: RegExp, timeoutMs = 60_000, stream: 'stdout' | 'stderr' = 'stdout'): Promise<RegExpMatchArray> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const match = (stream === 'stdout' ? this.out : this.err).match(pattern);
      if (match) return match;
      if (!this.alive) throw new Error(`${this.name} exited (${this.exitCode}) before printing ${String(pattern)}:\n${this.tail()}`);
      if (Date.now() > deadline) throw new Error(`${this.name}: timed out waiting for ${String(pattern)}:\n${this.tail()}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /** Waits until the api it runs prints where it listens (`listening on http://…`); answers that URL. */
  async listening(timeoutMs?: number): Promise<string> {
    const [, url] = await this.waitForOutput(/listening on (http:\/\/\S+)/, timeoutMs);
    return url ?? '';
  }

  /** The end of what it printed, for error messages. */
  tail(chars = 4000): string {
    return `${this.out.slice(-chars)}\n${this.err.slice(-chars)}`;
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

  /** SIGTERM to the process, then SIGKILL to its group after `graceMs`; answers its exit code once it exited. */
  async stop(graceMs = 10_000): Promise<number | null> {
    if (this.alive) {
      this.child.kill('SIGTERM');
      const timer = setTimeout(() => this.killGroup(), graceMs);
      await this.exited;
      clearTimeout(timer);
    }
    this.killGroup();
    return this.exitCode ?? null;
  }

  /** Kills whatever is left of its group at once (after a test, passing or not). */
  async kill(): Promise<void> {
    this.killGroup();
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([this.exited, new Promise((resolve) => (timer = setTimeout(resolve, 5_000)))]);
    clearTimeout(timer);
  }

  private killGroup(): void {
    try {
      if (this.child.pid !== undefined) process.kill(-this.child.pid, 'SIGKILL');
    } catch {
      // The group is gone already.
    }
  }
}

/** Kills every process started here that still runs (a tool ending on an error or a signal). */
export function killAll(): void {
  for (const proc of running) void proc.kill();
}

/** Options of {@link startProcess}. */
export interface ProcessOptions {
  /** A name for messages (default: the command). */
  readonly name?: string;
  /** Environment over the caller's (with NODE_OPTIONS emptied), or instead of it with `inheritEnv: false`. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly inheritEnv?: boolean;
  /** The working directory (default: the repository's root). */
  readonly cwd?: string;
  /** Open an IPC channel (`child.send`, `message` events). */
  readonly ipc?: boolean;
  /** A command the process runs under, e.g. `['ip', 'netns', 'exec', NAME]` (it must exec, keeping the pid and group). */
  readonly via?: readonly string[];
}

/** Runs `command args` in a process group of its own. */
export function startProcess(command: string, args: readonly string[], options: ProcessOptions = {}): TestProcess {
  const base = options.inheritEnv === false ? {} : { ...process.env, NODE_OPTIONS: '' };
  const [file, ...argv] = [...(options.via ?? []), command, ...args] as [string, ...string[]];
  const child = spawn(file, argv, {
    cwd: options.cwd ?? ROOT,
    detached: true,
    env: { ...base, ...options.env },
    stdio: options.ipc ? ['ignore', 'pipe', 'pipe', 'ipc'] : ['ignore', 'pipe', 'pipe'],
  });
  return new TestProcess(options.name ?? command, child);
}

/** The node flags that run a TypeScript entry point of this repository from its sources. */
export const FROM_SOURCES: readonly string[] = ['--conditions=@webhooks/source', '--import', 'tsx'];

/** Runs a TypeScript entry point from its sources (`node --import tsx`), `nodeFlags` first (e.g. `--cpu-prof`). */
export function startSource(script: string, args: readonly string[] = [], options: ProcessOptions & { readonly nodeFlags?: readonly string[] } = {}): TestProcess {
  return startProcess(process.execPath, [...(options.nodeFlags ?? []), ...FROM_SOURCES, script, ...args], { name: script.split('/').pop() ?? script, ...options });
}

/** Waits for a process to end (killing it after `timeoutMs`) and answers its last stdout line, parsed as JSON. */
export async function lastJsonLine<T>(proc: TestProcess, timeoutMs: number): Promise<T> {
  const timer = setTimeout(() => void proc.kill(), timeoutMs);
  // 'close', not 'exit': stdout may still hold the result when the process has exited.
  await proc.closed;
  clearTimeout(timer);
  const last = proc.output.trim().split('\n').pop() ?? '';
  if (proc.exitCode !== 0 || !last.startsWith('{')) throw new Error(`${proc.name} failed (exit ${proc.exitCode}):\n${proc.tail()}`);
  return JSON.parse(last) as T;
}
