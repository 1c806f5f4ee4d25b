import { connect } from 'node:net';
import { fileURLToPath } from 'node:url';
import type { TestProcess } from '@webhooks/test-kit';
import { FROM_SOURCES, startProcess, TEST_SERVICE_ENV } from '@webhooks/test-kit';

/** How to run `webhooks` from its TypeScript sources (what the tests do), and from the build output. */
const SOURCES: readonly string[] = [...FROM_SOURCES, fileURLToPath(new URL('./main.ts', import.meta.url))];
export const FROM_BUILD: readonly string[] = [fileURLToPath(new URL('../bin/webhooks.js', import.meta.url))];

/** Test defaults: the test kit's service environment on any free port. */
export const QUIET_ENV: Readonly<Record<string, string>> = { ...TEST_SERVICE_ENV, PORT: '0' };

/** Runs `webhooks args` from the sources, in a process group of its own. */
export function startCli(args: readonly string[], env: Readonly<Record<string, string>> = {}): TestProcess {
  return startProcess(process.execPath, [...SOURCES, ...args], { name: `webhooks ${args.join(' ')}`, env });
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
