import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';

/** A process the bench started: its output is kept (the tail) for error messages. */
export class Child {
  readonly exited: Promise<number | null>;
  private tail = '';
  private lineListeners: ((line: string) => void)[] = [];
  private partial = '';
  exitCode: number | null | undefined = undefined;

  constructor(
    readonly name: string,
    readonly proc: ChildProcess,
  ) {
    const keep = (chunk: Buffer) => {
      const text = chunk.toString('utf8');
      this.tail = (this.tail + text).slice(-16_384);
      this.partial += text;
      const lines = this.partial.split('\n');
      this.partial = lines.pop() ?? '';
      for (const line of lines) for (const l of this.lineListeners) l(line);
    };
    proc.stdout?.on('data', keep);
    proc.stderr?.on('data', keep);
    this.exited = new Promise((resolve) => {
      proc.once('exit', (code, signal) => {
        this.exitCode = code ?? (signal ? -1 : null);
        running.delete(this);
        resolve(this.exitCode);
      });
      proc.once('error', () => {
        this.exitCode = -1;
        running.delete(this);
        resolve(-1);
      });
    });
    running.add(this);
  }

  get pid(): number {
    return this.proc.pid ?? -1;
  }

  get alive(): boolean {
    return this.exitCode === undefined;
  }

  /** The last lines it printed. */
  output(): string {
    return this.tail;
  }

  /** Resolves with the first output line that `match` accepts; rejects if the process exits first or time runs out. */
  waitForLine(match: (line: string) => boolean, timeoutMs: number): Promise<string> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => finish(new Error(`${this.name}: no expected output within ${timeoutMs} ms\n${this.tail}`)), timeoutMs);
      const listener = (line: string) => {
        if (match(line)) finish(null, line);
      };
      const finish = (error: Error | null, line?: string) => {
        clearTimeout(timer);
        this.lineListeners = this.lineListeners.filter((l) => l !== listener);
        if (error) reject(error);
        else resolve(line ?? '');
      };
      this.lineListeners.push(listener);
      void this.exited.then((code) => finish(new Error(`${this.name} exited (${code}) before it was ready:\n${this.tail}`)));
    });
  }

  /** SIGTERM, then SIGKILL after `graceMs`; resolves when it has exited. */
  async stop(graceMs = 20_000): Promise<number | null> {
    if (!this.alive) return this.exitCode ?? null;
    this.proc.kill('SIGTERM');
    const timer = setTimeout(() => this.proc.kill('SIGKILL'), graceMs);
    const code = await this.exited;
    clearTimeout(timer);
    return code;
  }
}

const running = new Set<Child>();

/** Kills every child still running (the bench is ending on an error or a signal). */
export function killChildren(): void {
  for (const child of running) {
    try {
      child.proc.kill('SIGKILL');
    } catch {
      // Already gone.
    }
  }
}

/** Options of {@link spawnNode}. */
export interface SpawnOptions {
  readonly cwd: string;
  readonly env?: NodeJS.ProcessEnv;
  /** Node flags before the script (for example `--cpu-prof`). */
  readonly nodeFlags?: readonly string[];
  /** Open an IPC channel (the receiver). */
  readonly ipc?: boolean;
}

/** Runs a TypeScript entry point with `node --import tsx` in a process of its own. */
export function spawnNode(name: string, script: string, args: readonly string[], options: SpawnOptions): Child {
  const proc = spawn(process.execPath, [...(options.nodeFlags ?? []), '--conditions=@webhooks/source', '--import', 'tsx', script, ...args], {
    cwd: options.cwd,
    env: options.env ?? process.env,
    stdio: options.ipc ? ['ignore', 'pipe', 'pipe', 'ipc'] : ['ignore', 'pipe', 'pipe'],
  });
  return new Child(name, proc);
}

/** Runs a child to its end and returns its last stdout line parsed as JSON. */
export async function runToJson<T>(child: Child, timeoutMs: number): Promise<T> {
  const timer = setTimeout(() => child.proc.kill('SIGKILL'), timeoutMs);
  let out = '';
  child.proc.stdout?.on('data', (c: Buffer) => (out += c.toString('utf8')));
  // 'close', not 'exit': stdout may still hold the result when the process has exited.
  // Call it right after spawning: it waits for the 'close' of a process still running.
  const [code] = (await once(child.proc, 'close')) as [number | null];
  clearTimeout(timer);
  const last = out.trim().split('\n').pop() ?? '';
  if (code !== 0 || !last.startsWith('{')) throw new Error(`${child.name} failed (exit ${code}):\n${child.output()}`);
  return JSON.parse(last) as T;
}
