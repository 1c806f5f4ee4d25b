import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { freshDatabase, type TestDatabase } from '@webhooks/storage-postgres/testing';
import type { TestProcess } from '@webhooks/test-kit';
import { Receiver, startProcess, until } from '@webhooks/test-kit';
import { QUIET_ENV, portClosed, startCli } from './cli-process.spec-helper.js';
import { OPERATOR, call, newProject, register } from './service-calls.spec-helper.js';

// Real processes, each in a process group of its own: the signal goes to one pid, and afterwards
// nothing of the group may be left, and nothing may listen on the port.
describe('signals', () => {
  let database: TestDatabase;
  let env: Record<string, string>;
  const started: TestProcess[] = [];
  const start = (proc: TestProcess): TestProcess => {
    started.push(proc);
    return proc;
  };

  beforeAll(async () => {
    database = await freshDatabase({ requireServer: true, prefix: 'webhooks_cli_signals' });
    env = { ...QUIET_ENV, DATABASE_URL: database.url, OPERATOR_TOKEN: OPERATOR };
  });

  afterEach(async () => {
    await Promise.all(started.splice(0).map((proc) => proc.kill()));
  });

  afterAll(async () => {
    await database.drop();
  });

  /** Expects `proc` to end by itself with `code`, its port closed and nothing of its group left. */
  async function expectStopped(proc: TestProcess, url: string, code: number): Promise<void> {
    expect(await proc.exited).toEqual({ code, signal: null });
    expect(await portClosed(url)).toBe(true);
    await until(() => !proc.groupAlive(), 'the process group to be empty', 5_000);
  }

  describe.each(['SIGTERM', 'SIGINT'] as const)('%s to `webhooks serve`', (signal) => {
    it('should stop serving, drain and exit with 0, leaving no process behind', async () => {
      const serve = start(startCli(['serve'], env));
      const url = await serve.listening();
      expect((await fetch(`${url}/health`)).status).toBe(200);
      serve.signal(signal);
      await expectStopped(serve, url, 0);
      expect(serve.output).toMatch(new RegExp(`"msg":"${signal}: stopping`));
      expect(serve.output).toMatch(/"msg":"worker drained"/);
    });
  });

  describe('SIGTERM to `npm start` (the npm process, not its child)', () => {
    it('should reach the service, which stops; npm exits, and no node is left serving', async () => {
      const npm = start(startProcess('npm', ['start'], { env }));
      const url = await npm.listening();
      expect((await fetch(`${url}/health`)).status).toBe(200);
      npm.signal('SIGTERM');
      await expectStopped(npm, url, 0);
      expect(npm.output).toMatch(/"msg":"SIGTERM: stopping/);
    });
  });

  describe('a worker with a delivery in flight', () => {
    let receiver: Receiver;
    let api: TestProcess;
    let apiUrl: string;
    let project: Awaited<ReturnType<typeof newProject>>;

    beforeAll(async () => {
      receiver = await new Receiver().start();
      receiver.behave('/slow', { kind: 'late', afterMs: 1_500, status: 200 });
      receiver.behave('/never', { kind: 'hang' });
      // The api alone: deliveries are the standalone worker's.
      api = startCli(['serve'], { ...env, WORKER: 'false' });
      apiUrl = await api.listening();
      project = await newProject(apiUrl);
    });

    afterAll(async () => {
      await api.kill();
      await receiver.stop();
    });

    /** Subscribes `path` to user_registered, and nothing else. */
    async function subscribeOnly(path: string): Promise<void> {
      const hooks = await call(apiUrl, project.apiKey, 'GET', `/v1/projects/${project.id}/webhooks`);
      for (const hook of hooks.body['items'] as { id: string }[]) await call(apiUrl, project.apiKey, 'DELETE', `/v1/projects/${project.id}/webhooks/${hook.id}`);
      const created = await call(apiUrl, project.apiKey, 'POST', `/v1/projects/${project.id}/webhooks`, { event: 'user_registered', url: receiver.url(path), timeoutMs: 30_000 });
      expect(created.status).toBe(201);
    }

    it('should, on SIGTERM, let the send finish and record it before exiting with 0', async () => {
      await subscribeOnly('/slow');
      const worker = start(startCli(['worker'], env));
      await worker.waitForOutput(/"msg":"worker started"/);
      await register(apiUrl, project);
      await receiver.waitFor('/slow', 1, 30_000);
      worker.signal('SIGTERM');
      expect(await worker.exited).toEqual({ code: 0, signal: null });
      await until(() => !worker.groupAlive(), 'the worker group to be empty', 5_000);
      // The answer came back while it drained, and its outcome was written before it exited.
      const log = await call(apiUrl, project.apiKey, 'GET', `/v1/projects/${project.id}/deliveries?event=user_registered`);
      expect((log.body['items'] as { status: string; attempts: number }[])[0]).toMatchObject({ status: 'succeeded', attempts: 1 });
    });

    it('should exit with 1 once SHUTDOWN_TIMEOUT_MS has passed while a send still hangs', async () => {
      await subscribeOnly('/never');
      const worker = start(startCli(['worker'], { ...env, SHUTDOWN_TIMEOUT_MS: '1000' }));
      await worker.waitForOutput(/"msg":"worker started"/);
      await register(apiUrl, project);
      await receiver.waitFor('/never', 1, 30_000);
      const signalled = Date.now();
      worker.signal('SIGTERM');
      expect(await worker.exited).toEqual({ code: 1, signal: null });
      expect(Date.now() - signalled).toBeLessThan(10_000);
      expect(worker.output).toMatch(/"msg":"shutdown deadline passed before the drain ended/);
      await until(() => !worker.groupAlive(), 'the worker group to be empty', 5_000);
    });
  });
});
