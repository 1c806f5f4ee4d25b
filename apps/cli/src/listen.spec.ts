import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { freshDatabase, type TestDatabase } from '@webhooks/storage-postgres/testing';
import type { TestProcess } from '@webhooks/test-kit';
import { Receiver, until, unusedUrl } from '@webhooks/test-kit';
import { QUIET_ENV, runCli, startCli } from './cli-process.spec-helper.js';
import { OPERATOR, call, newProject, register } from './service-calls.spec-helper.js';

// End to end, every part a real process: two api processes on one Postgres, configured as a
// remote service is (no plain-http or private targets: it could never call this machine), the
// `webhooks listen` command, and a local receiver that verifies each signature with the
// Standard Webhooks reference verifier.
describe('webhooks listen', () => {
  let database: TestDatabase;
  let receiver: Receiver;
  let first: TestProcess;
  let second: TestProcess;
  let urls: { first: string; second: string };
  let project: Awaited<ReturnType<typeof newProject>>;
  let other: Awaited<ReturnType<typeof newProject>>;
  let listener: TestProcess;

  beforeAll(async () => {
    database = await freshDatabase({ requireServer: true, prefix: 'webhooks_cli_listen' });
    receiver = await new Receiver().start();
    const env = { ...QUIET_ENV, DATABASE_URL: database.url, OPERATOR_TOKEN: OPERATOR, ALLOW_HTTP_TARGETS: 'false', ALLOW_PRIVATE_TARGETS: 'false' };
    first = startCli(['serve'], env);
    second = startCli(['serve'], { ...env, WORKER: 'false' });
    urls = { first: await first.listening(), second: await second.listening() };
    project = await newProject(urls.first);
    other = await newProject(urls.first);
  });

  afterAll(async () => {
    await listener?.kill();
    await Promise.all([first?.kill(), second?.kill()]);
    await receiver.stop();
    await database.drop();
  });

  describe('while it listens', () => {
    beforeAll(async () => {
      listener = startCli(['listen', '--api', urls.first, '--project', project.id, '--events', 'user_registered,form_submitted', '--forward-to', receiver.url('/hooks')], {
        WEBHOOKS_API_KEY: project.apiKey,
      });
      const [, secret] = await listener.waitForOutput(/Signing with (whsec_\S+) \(new for this session/);
      receiver.secret('/hooks', secret ?? '');
      await listener.waitForOutput(/^Ready: listening to user_registered, form_submitted of prj_\S+\.$/m);
    });

    it('should forward an event to the local URL, signed with the secret it printed, with the bytes a webhook of it gets', async () => {
      // A webhook of the same event (it cannot be delivered here; its delivery log keeps the payload it is sent).
      const hook = await call(urls.first, project.apiKey, 'POST', `/v1/projects/${project.id}/webhooks`, { event: 'user_registered', url: 'https://receiver.invalid/registered' });
      expect(hook.status).toBe(201);
      await register(urls.first, project);
      const [got] = await receiver.waitFor('/hooks', 1);
      expect(got?.verified).toBe(true);
      expect(got?.headers).toMatchObject({ 'content-type': 'application/json', 'user-agent': 'webhooks/0.1', 'webhook-id': expect.stringMatching(/^msg_/) });
      const log = await call(urls.first, project.apiKey, 'GET', `/v1/projects/${project.id}/deliveries?event=user_registered`);
      const [delivery] = log.body['items'] as { id: string }[];
      const detail = await call(urls.first, project.apiKey, 'GET', `/v1/projects/${project.id}/deliveries/${delivery?.id}`);
      expect(got?.headers['webhook-id']).toBe(detail.body['eventId']);
      // The payload as the service stores and serves it (jsonb), serialised: what its worker sends.
      expect(got?.body).toBe(JSON.stringify(detail.body['payload']));
      await listener.waitForOutput(new RegExp(`^\\S+Z  user_registered  ${String(got?.headers['webhook-id'])}  → 200 in \\d+ ms$`, 'm'));
    });

    it('should forward events recorded by another api process too', async () => {
      const before = receiver.at('/hooks').length;
      await register(urls.second, project);
      const received = await receiver.waitFor('/hooks', before + 1);
      expect(received.at(-1)?.verified).toBe(true);
    });

    it('should forward nothing of other events or other projects', async () => {
      const before = receiver.at('/hooks').length;
      await call(urls.first, project.platformKey, 'POST', `/v1/projects/${project.id}/activities`, {
        id: `login-${Date.now()}`,
        type: 'login',
        via: 'password',
        origin: 'applicant',
        occurredAt: new Date().toISOString(),
        user: { id: 'u-login', username: 'login@example.com' },
      });
      await register(urls.first, other);
      // A wanted event after them: events are forwarded in order, so anything else forwarded would arrive first.
      await register(urls.first, project);
      const received = await receiver.waitFor('/hooks', before + 1);
      expect(received.slice(before).map((r) => [r.json['event'], r.json['project_id']])).toEqual([['user_registered', project.id]]);
    });

    it('should stop on SIGINT with exit code 0, leaving nothing behind', async () => {
      listener.signal('SIGINT');
      expect(await listener.exited).toEqual({ code: 0, signal: null });
      await until(() => !listener.groupAlive(), 'the listener group to be empty', 5_000);
    });
  });

  describe('when it cannot listen', () => {
    const listen = (api: string, key: string, events = 'user_registered') =>
      runCli(['listen', '--api', api, '--project', project.id, '--events', events, '--forward-to', receiver.url('/never')], { WEBHOOKS_API_KEY: key });

    it('should exit with 4 when the service refuses the key', async () => {
      const { code, stdout } = await listen(urls.first, 'not-a-key');
      expect(stdout).toMatch(/the service answered 401/);
      expect(code).toBe(4);
    });

    it('should exit with 2 for an event that cannot be listened to, saying why', async () => {
      const { code, stdout } = await listen(urls.first, project.apiKey, 'form_preprocess');
      expect(stdout).toMatch(/the service answered 422: .*events: form_preprocess is interactive/);
      expect(code).toBe(2);
    });

    it('should exit with 3 when the service does not answer', async () => {
      const nobody = await unusedUrl();
      const { code, stdout } = await listen(nobody, project.apiKey);
      expect(stdout).toContain(`cannot listen at ${nobody}: ECONNREFUSED`);
      expect(code).toBe(3);
    });

    it('should exit with 2 without an API key', async () => {
      const { code, stderr } = await runCli(['listen', '--project', project.id, '--events', 'user_registered', '--forward-to', receiver.url('/never')], { WEBHOOKS_API_KEY: '' });
      expect(stderr).toMatch(/an API key is required/);
      expect(code).toBe(2);
    });
  });
});
