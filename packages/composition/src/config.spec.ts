import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { ConfigError, readConfig } from './config.js';
import { envVariables } from './env-schema.js';

const generate = () => 'generated-operator-token-0123456789';

/** The problems `readConfig` reports for `env` (as the api reads it), or [] when it accepts it. */
function problemsOf(env: Record<string, string>, generateToken: (() => string) | undefined = generate): readonly string[] {
  try {
    readConfig(env, generateToken);
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
}

describe('readConfig', () => {
  describe('when the environment is empty', () => {
    it('should answer every default, on the embedded database, with a generated operator token', () => {
      const config = readConfig({}, generate);
      expect(config).toMatchObject({
        port: 8080,
        host: '0.0.0.0',
        databaseUrl: null,
        dataDir: './.data',
        databasePoolSize: 10,
        databaseConnectTimeoutMs: 30_000,
        shutdownTimeoutMs: 25_000,
        operatorTokenGenerated: true,
        runWorker: true,
        logLevel: 'info',
        warnings: [],
      });
      expect(config.domain.operatorToken).toBe(generate());
      expect(config.domain.worker).toEqual({ batchSize: 100, concurrency: 64, perHostConcurrency: 16, leaseMs: 120_000, pollIntervalMs: 1000, disableFailingAfterMs: 120 * 3600_000 });
    });
  });

  describe('when several variables are wrong', () => {
    it('should name every one of them at once, in one ConfigError', () => {
      const problems = problemsOf({ PORT: 'eighty', WORKER_CONCURRENCY: '0', LOG_LEVEL: 'loud', ALLOW_HTTP_TARGETS: 'maybe', RETRY_SCHEDULE_MS: '1,x', SHUTDOWN_TIMEOUT_MS: '-5' });
      expect(problems).toEqual([
        'PORT must be a whole number from 0 to 65535 (got "eighty")',
        'ALLOW_HTTP_TARGETS must be true or false (got "maybe")',
        'WORKER_CONCURRENCY must be a whole number from 1 to 1024 (got "0")',
        'RETRY_SCHEDULE_MS must be a comma-separated list of delays in milliseconds (got "1,x")',
        'SHUTDOWN_TIMEOUT_MS must be a whole number from 0 to 3600000 (got "-5")',
        'LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent (got "loud")',
      ]);
    });

    it('should never repeat the value of a secret', () => {
      const problems = problemsOf({ DATABASE_URL: 'mysql://root:hunter2@db/x', OPERATOR_TOKEN: 'short-secret' });
      expect(problems).toEqual(['DATABASE_URL must be a postgres:// URL', 'OPERATOR_TOKEN must be at least 16 characters']);
      expect(problems.join(' ')).not.toMatch(/hunter2|short-secret/);
    });
  });

  describe('when DATABASE_URL is set', () => {
    it('should require OPERATOR_TOKEN of the api, since replicas cannot share a generated one', () => {
      expect(problemsOf({ DATABASE_URL: 'postgres://db/webhooks' })).toEqual([expect.stringMatching(/^OPERATOR_TOKEN is required with DATABASE_URL/)]);
    });

    it('should not require it of a worker or of migrations (no token generator)', () => {
      expect(readConfig({ DATABASE_URL: 'postgres://db/webhooks' }).databaseUrl).toBe('postgres://db/webhooks');
    });

    it('should list a missing token together with the other problems', () => {
      expect(problemsOf({ DATABASE_URL: 'postgres://db/webhooks', PORT: '-1' })).toHaveLength(2);
    });
  });

  it('should read the pool size, the start-up retry bound and the shutdown deadline', () => {
    const config = readConfig({ DATABASE_POOL_SIZE: '25', DATABASE_CONNECT_TIMEOUT_MS: '0', SHUTDOWN_TIMEOUT_MS: '5000' }, generate);
    expect([config.databasePoolSize, config.databaseConnectTimeoutMs, config.shutdownTimeoutMs]).toEqual([25, 0, 5000]);
  });

  it('should read switches as yes/no, on/off, 1/0 and true/false, and an empty value as unset', () => {
    const config = readConfig({ WORKER: 'no', ALLOW_HTTP_TARGETS: 'ON', ALLOW_PRIVATE_TARGETS: '1', PORT: '' }, generate);
    expect([config.runWorker, config.domain.allowHttpTargets, config.allowPrivateTargets, config.port]).toEqual([false, true, true, 8080]);
  });

  describe('unknown variables', () => {
    it('should warn of those with the service prefix or a prefix of its own families, suggesting the nearest name', () => {
      const config = readConfig({ WEBHOOKS_MODE: 'x', WEBHOOKS_API_KEY: 'for webhooks listen', WORKER_CONCURENCY: '8', DATABASE_PASSWORD: 'x', PATH: '/bin', HOSTNAME: 'pod-1', LOG_FORMAT: 'json' }, generate);
      expect(config.warnings).toEqual([
        'DATABASE_PASSWORD is not a variable of this service and is ignored',
        // LOG_LEVEL and LOG_BUFFER_BYTES make LOG_ a family of the service.
        'LOG_FORMAT is not a variable of this service and is ignored',
        'WEBHOOKS_MODE is not a variable of this service and is ignored',
        'WORKER_CONCURENCY is not a variable of this service and is ignored (did you mean WORKER_CONCURRENCY?)',
      ]);
    });
  });

  it('should have every variable of its schema in the configuration table of the README', () => {
    const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');
    const table = readme.slice(readme.indexOf('## Configuration'));
    const missing = envVariables().filter((variable) => !table.includes(`\`${variable.name}\``));
    expect(missing.map((v) => v.name)).toEqual([]);
  });
});
