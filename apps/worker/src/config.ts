import { DEFAULT_RETRY_POLICY } from '@webhooks/domain';
import type { DomainConfig, RetentionPolicy } from '@webhooks/domain';
import { DEFAULT_LOG_BUFFER_BYTES } from './log-output.js';

/** Everything the service reads from its environment, validated. */
export interface ServiceConfig {
  readonly port: number;
  readonly host: string;
  /** Unset: the embedded database in `dataDir`. */
  readonly databaseUrl: string | null;
  readonly dataDir: string;
  /** True when OPERATOR_TOKEN was not given and one was generated. */
  readonly operatorTokenGenerated: boolean;
  readonly allowPrivateTargets: boolean;
  readonly runWorker: boolean;
  readonly logLevel: string;
  /** Log bytes that may wait for a slow reader before lines are dropped (and counted). */
  readonly logBufferBytes: number;
  readonly maxBodyBytes: number;
  /** How long each kind of record is kept (`RETENTION_*_DAYS`). */
  readonly retention: RetentionPolicy;
  /** The standalone worker's /metrics, /health and /ready port; null (unset): it serves nothing. */
  readonly workerMetricsPort: number | null;
  /** PUBLIC_BASE_URL: the URL clients reach the API at, the `servers` entry of the OpenAPI document; null: `/`. */
  readonly publicBaseUrl: string | null;
  /** METRICS_TOKEN: when set, /metrics (api and worker) needs `Authorization: Bearer <token>`. */
  readonly metricsToken: string | null;
  readonly domain: DomainConfig;
}

/** The environment was wrong: every problem, one per line. */
export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

type Env = Readonly<Record<string, string | undefined>>;

const DAY_MS = 86_400_000;

/** Reads the configuration from `env`; throws ConfigError naming every bad variable. */
export function readConfig(env: Env, generateToken: () => string): ServiceConfig {
  const problems: string[] = [];
  const int = (name: string, fallback: number, min: number, max: number): number => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min || value > max) {
      problems.push(`${name} must be a whole number from ${min} to ${max} (got "${raw}")`);
      return fallback;
    }
    return value;
  };
  const bool = (name: string, fallback: boolean): boolean => {
    const raw = env[name]?.toLowerCase();
    if (raw === undefined || raw === '') return fallback;
    if (['1', 'true', 'yes', 'on'].includes(raw)) return true;
    if (['0', 'false', 'no', 'off'].includes(raw)) return false;
    problems.push(`${name} must be true or false (got "${env[name]}")`);
    return fallback;
  };
  const databaseUrl = env['DATABASE_URL'] || null;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) problems.push('DATABASE_URL must be a postgres:// URL');
  const operatorToken = env['OPERATOR_TOKEN'] || null;
  if (operatorToken !== null && operatorToken.length < 16) problems.push('OPERATOR_TOKEN must be at least 16 characters');
  const metricsToken = env['METRICS_TOKEN'] || null;
  if (metricsToken !== null && !/^[\x21-\x7e]{16,512}$/.test(metricsToken)) problems.push('METRICS_TOKEN must be 16 to 512 printable characters without spaces');
  const publicBaseUrl = env['PUBLIC_BASE_URL'] || null;
  if (publicBaseUrl !== null && !/^https?:\/\/[^\s/?#]+(\/[^\s?#]*)?$/.test(publicBaseUrl)) problems.push('PUBLIC_BASE_URL must be an http(s) URL without query or fragment');
  const schedule = env['RETRY_SCHEDULE_MS'];
  const scheduleMs = schedule ? schedule.split(',').map((s) => Number(s.trim())) : DEFAULT_RETRY_POLICY.scheduleMs;
  if (scheduleMs.length === 0 || scheduleMs.some((n) => !Number.isInteger(n) || n < 0)) {
    problems.push('RETRY_SCHEDULE_MS must be a comma-separated list of delays in milliseconds');
  }
  const config: ServiceConfig = {
    port: int('PORT', 8080, 0, 65535),
    host: env['HOST'] || '0.0.0.0',
    databaseUrl,
    dataDir: env['DATA_DIR'] || './.data',
    operatorTokenGenerated: operatorToken === null,
    allowPrivateTargets: bool('ALLOW_PRIVATE_TARGETS', false),
    runWorker: bool('WORKER', true),
    logLevel: env['LOG_LEVEL'] || 'info',
    logBufferBytes: int('LOG_BUFFER_BYTES', DEFAULT_LOG_BUFFER_BYTES, 1024, 256 * 1024 * 1024),
    maxBodyBytes: int('MAX_BODY_BYTES', 256 * 1024, 1024, 16 * 1024 * 1024),
    retention: {
      succeededMs: int('RETENTION_DAYS', 30, 1, 3650) * DAY_MS,
      failedMs: int('RETENTION_FAILED_DAYS', 90, 1, 3650) * DAY_MS,
      suppressedMs: int('RETENTION_SUPPRESSED_DAYS', 30, 1, 3650) * DAY_MS,
      activityMs: int('RETENTION_ACTIVITY_DAYS', 90, 1, 3650) * DAY_MS,
      interactionMs: int('RETENTION_INTERACTION_DAYS', 30, 1, 3650) * DAY_MS,
    },
    workerMetricsPort: env['WORKER_METRICS_PORT'] ? int('WORKER_METRICS_PORT', 0, 0, 65535) : null,
    metricsToken,
    publicBaseUrl,
    domain: {
      operatorToken: operatorToken ?? generateToken(),
      allowHttpTargets: bool('ALLOW_HTTP_TARGETS', false),
      secretGraceMs: int('SECRET_GRACE_HOURS', 24, 0, 24 * 30) * 3600_000,
      retryPolicy: { scheduleMs, jitterRatio: DEFAULT_RETRY_POLICY.jitterRatio },
      groupPageSize: int('GROUP_PAGE_SIZE', 500, 1, 10_000),
      interactiveDeadlineMs: int('INTERACTIVE_DEADLINE_MS', 10_000, 100, 60_000),
      worker: {
        batchSize: int('WORKER_BATCH_SIZE', 100, 1, 1000),
        concurrency: int('WORKER_CONCURRENCY', 64, 1, 1024),
        perHostConcurrency: int('WORKER_PER_HOST_CONCURRENCY', 16, 1, 1024),
        leaseMs: int('WORKER_LEASE_MS', 120_000, 1000, 3600_000),
        pollIntervalMs: int('WORKER_POLL_MS', 1000, 10, 60_000),
        // 0: disabled at its first failed attempt (tests).
        disableFailingAfterMs: int('DISABLE_FAILING_WEBHOOKS_AFTER_HOURS', 5 * 24, 0, 365 * 24) * 3600_000,
      },
    },
  };
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}
