import { describe, expect, it } from '@jest/globals';
import { runCli } from './cli-process.spec-helper.js';

// Each case is the real command in a process of its own (from the sources).
describe('webhooks', () => {
  describe('--help', () => {
    it.each([
      [[], /Commands:\s+serve[\s\S]+worker[\s\S]+migrate[\s\S]+listen/],
      [['serve'], /Usage: webhooks serve[\s\S]+Environment variables:[\s\S]+DATABASE_URL[\s\S]+SHUTDOWN_TIMEOUT_MS/],
      [['worker'], /Usage: webhooks worker[\s\S]+Environment variables:[\s\S]+WORKER_CONCURRENCY/],
      [['migrate'], /Usage: webhooks migrate[\s\S]+up[\s\S]+status/],
      [['migrate', 'up'], /Usage: webhooks migrate up[\s\S]+Exit codes:/],
      [['migrate', 'status'], /Usage: webhooks migrate status[\s\S]+Exit codes:/],
      [['listen'], /Usage: webhooks listen[\s\S]+--events[\s\S]+--forward-to[\s\S]+Exit codes:/],
    ])('should explain %j and exit with 0', async (command, expected) => {
      const { code, stdout } = await runCli([...command, '--help']);
      expect(stdout).toMatch(expected);
      expect(code).toBe(0);
    });

    it('should list the exit codes at the top level', async () => {
      const { stdout } = await runCli(['--help']);
      expect(stdout).toMatch(/Exit codes:\n {2}0 [^\n]+\n {2}1 [^\n]+\n {2}2 [^\n]+\n {2}3 [^\n]+\n {2}4 /);
    });
  });

  describe('when used wrongly', () => {
    it.each([[['bogus']], [['serve', '--port', '1']], [['migrate', 'sideways']], [['listen', '--events', 'user_registered']]])(
      'should say what is wrong with %j and exit with 2',
      async (command) => {
        const { code, stderr } = await runCli(command);
        expect(stderr).toMatch(/^error: /m);
        expect(code).toBe(2);
      },
    );
  });

  describe('when the configuration is wrong', () => {
    it('should list every problem, without a stack trace, and exit with 2', async () => {
      const { code, stderr } = await runCli(['serve'], { PORT: 'eighty', WORKER_CONCURRENCY: '0', DATA_DIR: '/nonexistent-unused' });
      expect(stderr).toContain('invalid configuration:\n  - PORT must be a whole number from 0 to 65535 (got "eighty")\n  - WORKER_CONCURRENCY must be');
      expect(stderr).not.toMatch(/^\s+at /m);
      expect(code).toBe(2);
    });

    it('should refuse to serve on Postgres without OPERATOR_TOKEN (replicas would each invent one)', async () => {
      const { code, stderr } = await runCli(['serve'], { DATABASE_URL: 'postgres://127.0.0.1:1/none', OPERATOR_TOKEN: '' });
      expect(stderr).toMatch(/OPERATOR_TOKEN is required with DATABASE_URL/);
      expect(code).toBe(2);
    });

    it('should refuse a worker of its own without DATABASE_URL', async () => {
      const { code, stderr } = await runCli(['worker'], { DATABASE_URL: '' });
      expect(stderr).toMatch(/DATABASE_URL is required/);
      expect(code).toBe(2);
    });
  });

  describe('when Postgres does not answer', () => {
    it('should retry for DATABASE_CONNECT_TIMEOUT_MS, saying so, then exit with 3 and a clear message', async () => {
      const started = Date.now();
      const { code, stdout, stderr } = await runCli(['serve'], {
        DATABASE_URL: 'postgres://app:hidden-password@127.0.0.1:1/webhooks',
        OPERATOR_TOKEN: 'operator-token-for-cli-tests',
        DATABASE_CONNECT_TIMEOUT_MS: '1500',
      });
      expect(stderr).toMatch(/Postgres at app@127\.0\.0\.1:1\/webhooks did not answer within 1\.\d s \(ECONNREFUSED/);
      expect(stdout).toMatch(/Postgres at app@127\.0\.0\.1:1\/webhooks does not answer \(ECONNREFUSED[^)]*\); trying again in 0\.5 s/);
      expect(stdout + stderr).not.toContain('hidden-password');
      expect(code).toBe(3);
      expect(Date.now() - started).toBeLessThan(30_000);
    });
  });
});
