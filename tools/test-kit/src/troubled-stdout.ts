import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { FROM_SOURCES } from './process.js';
import { until } from './until.js';

/**
 * What happens to a process's stdout pipe: `closed` — its reader takes 100 bytes and goes away,
 * as `node … | head -c 100` does; `unread` — its reader never reads (a stuck log shipper): the
 * pipe fills and stays full.
 */
export type StdoutTrouble = 'closed' | 'unread';

/** A service started as its own process (and process group) with a troubled stdout. */
export interface TroubledProcess {
  readonly child: ChildProcess;
  /** Sends SIGTERM; answers the exit code and how long it took, or null when it had not exited within `withinMs`. */
  terminate(withinMs: number): Promise<{ readonly code: number | null; readonly ms: number } | null>;
  /** Kills the whole process group if anything of it still runs. */
  kill(): void;
}

/**
 * Starts `node --import tsx <script>` in a process group of its own, with `env` over the test's
 * environment and its stdout piped to a reader that misbehaves as `trouble` says (stderr is
 * inherited, so a crash is seen).
 */
export function startWithTroubledStdout(script: string, env: Readonly<Record<string, string>>, trouble: StdoutTrouble): TroubledProcess {
  const child = spawn(process.execPath, [...FROM_SOURCES, script], {
    env: { ...process.env, NODE_OPTIONS: '', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
    detached: true,
  });
  const stdout = child.stdout;
  if (stdout === null) throw new Error('no stdout pipe');
  if (trouble === 'closed') {
    let read = 0;
    stdout.on('data', (chunk: Buffer) => {
      read += chunk.length;
      // Closing our end: the next write of the child fails with EPIPE.
      if (read >= 100) stdout.destroy();
    });
  } else {
    // Never read: once the pipe and this end's small buffer are full, every write would wait.
    stdout.pause();
  }
  let exited: { code: number | null; at: number } | null = null;
  child.once('exit', (code) => (exited = { code, at: performance.now() }));
  return {
    child,
    async terminate(withinMs) {
      const sent = performance.now();
      child.kill('SIGTERM');
      const deadline = sent + withinMs;
      while (exited === null && performance.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      const done = exited as { code: number | null; at: number } | null;
      return done === null ? null : { code: done.code, ms: Math.round(done.at - sent) };
    },
    kill() {
      if (child.pid === undefined) return;
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
    },
  };
}

/** GETs `url` with a time limit; the status, or 0 when no answer came in time. */
export async function statusOf(url: string, timeoutMs = 2_000): Promise<number> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    await response.arrayBuffer();
    return response.status;
  } catch {
    return 0;
  }
}

/** Polls `url` until it answers 200 (bounded). */
export async function untilHealthy(url: string, timeoutMs = 60_000): Promise<void> {
  await until(async () => (await statusOf(url, 1_000)) === 200, `${url} to answer 200`, timeoutMs, 100);
}

/** The value of a counter in a Prometheus text page (0 when absent). */
export async function counterOf(metricsUrl: string, name: string): Promise<number> {
  const text = await (await fetch(metricsUrl, { signal: AbortSignal.timeout(5_000) })).text();
  const line = text.split('\n').find((l) => l.startsWith(`${name} `));
  return line === undefined ? 0 : Number(line.slice(name.length + 1));
}
