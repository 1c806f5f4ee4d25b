import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import type { TestProcess } from '@webhooks/test-kit';
import { startProcess } from '@webhooks/test-kit';
import { FROM_BUILD, QUIET_ENV, portClosed } from './cli-process.spec-helper.js';

/** The peak resident set size of a process so far (VmHWM), in MB. */
function peakRssMb(pid: number): number {
  const kb = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  return Number(kb) / 1024;
}

// The compiled build (`npm run build`; Nx builds it before this project's tests), run by plain
// node — no tsx, no esbuild, no source condition — as production runs it.
describe('the build output', () => {
  let dir: string;
  let proc: TestProcess | null = null;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'webhooks-build-output-'));
  });

  afterEach(async () => {
    await proc?.kill();
    proc = null;
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('should serve on a fresh embedded database, saying what it does while it prepares it', async () => {
    proc = startProcess(process.execPath, [...FROM_BUILD, 'serve'], { env: { ...QUIET_ENV, DATA_DIR: join(dir, 'data'), DATABASE_URL: '', OPERATOR_TOKEN: '' } });
    const url = await proc.listening(120_000);
    // The log lines, in the order they were written (the banner is written beside the log, not through it).
    await proc.waitForOutput(/"msg":"webhooks api listening"/);
    const said = proc.output;
    const steps = [/"msg":"embedded database: creating it in [^"]+ \(initdb/, /"msg":"embedded database: ready in \d+\.\d s"/, /"msg":"migrations: applying \d+ /, /"msg":"migrations: \d+ applied in/, /"msg":"webhooks api listening"/];
    const at = steps.map((step) => said.search(step));
    expect(at.every((index) => index >= 0)).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    expect(said).toMatch(/Operator token \(generated, set OPERATOR_TOKEN to choose one\): op_/);
    // The embedded database is light: initdb runs in a child process, so its memory is not kept here.
    expect(peakRssMb(proc.pid)).toBeLessThan(400);
    expect(await (await fetch(`${url}/health`)).json()).toEqual({ status: 'ok' });
    expect((await fetch(`${url}/ui/`)).status).toBe(200);
    proc.signal('SIGTERM');
    expect(await proc.exited).toEqual({ code: 0, signal: null });
    expect(await portClosed(url)).toBe(true);
  });

  it('should answer --help', async () => {
    proc = startProcess(process.execPath, [...FROM_BUILD, '--help']);
    expect(await proc.exited).toEqual({ code: 0, signal: null });
    expect(proc.output).toMatch(/^Usage: webhooks /);
  });
});
