import { Value } from '@sinclair/typebox/value';
import type { ValueError } from '@sinclair/typebox/value';
import { DEFAULT_RETRY_POLICY } from '@webhooks/domain';
import type { DomainConfig, RetentionPolicy } from '@webhooks/domain';
import { ENV_SCHEMA, variableSchema } from './env-schema.js';
import type { Env, EnvName } from './env-schema.js';
import { unknownVariableWarnings } from './unknown-variables.js';

/** Everything the service reads from its environment, validated. */
export interface ServiceConfig {
  readonly port: number;
  readonly host: string;
  /** Unset: the embedded database in `dataDir`. */
  readonly databaseUrl: string | null;
  readonly dataDir: string;
  /** Connections in each process's Postgres pool. */
  readonly databasePoolSize: number;
  /** How long start-up retries a Postgres that does not answer (0: once). */
  readonly databaseConnectTimeoutMs: number;
  /** The newest migration of a newer build this build may run beside (ALLOW_NEWER_SCHEMA); null: none. */
  readonly allowNewerSchema: string | null;
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
  /** How long a stopping process lets in-flight work finish before it exits anyway. */
  readonly shutdownTimeoutMs: number;
  /** Variables that look meant for this service but are not read by it (logged at start). */
  readonly warnings: readonly string[];
  readonly domain: DomainConfig;
}

/** The environment was wrong: every problem, one per line. */
export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

type RawEnv = Readonly<Record<string, string | undefined>>;

const DAY_MS = 86_400_000;

/**
 * Reads the configuration from `env`, validated against {@link ENV_SCHEMA}; throws ConfigError
 * naming every bad variable at once. `generateToken` is the api's: with it, OPERATOR_TOKEN may be
 * left out on the embedded database (one is generated) but is required with DATABASE_URL, where
 * replicas would otherwise each invent a different one. Without it (a worker, migrations), no
 * operator token is needed.
 */
export function readConfig(env: RawEnv, generateToken?: () => string): ServiceConfig {
  const values = parseEnv(env);
  const problems = schemaProblems(env, values);
  if (generateToken && values.DATABASE_URL !== undefined && values.OPERATOR_TOKEN === undefined) {
    problems.push('OPERATOR_TOKEN is required with DATABASE_URL (every replica must accept the same token; the embedded database alone generates one)');
  }
  if (problems.length > 0) throw new ConfigError(problems);
  const v = values as Env;
  const scheduleMs = v.RETRY_SCHEDULE_MS === undefined ? DEFAULT_RETRY_POLICY.scheduleMs : v.RETRY_SCHEDULE_MS.split(',').map((s) => Number(s.trim()));
  return {
    port: v.PORT,
    host: v.HOST,
    databaseUrl: v.DATABASE_URL ?? null,
    dataDir: v.DATA_DIR,
    databasePoolSize: v.DATABASE_POOL_SIZE,
    databaseConnectTimeoutMs: v.DATABASE_CONNECT_TIMEOUT_MS,
    allowNewerSchema: v.ALLOW_NEWER_SCHEMA ?? null,
    operatorTokenGenerated: v.OPERATOR_TOKEN === undefined,
    allowPrivateTargets: v.ALLOW_PRIVATE_TARGETS,
    runWorker: v.WORKER,
    logLevel: v.LOG_LEVEL,
    maxBodyBytes: v.MAX_BODY_BYTES,
    logBufferBytes: v.LOG_BUFFER_BYTES,
    retention: {
      succeededMs: v.RETENTION_DAYS * DAY_MS,
      failedMs: v.RETENTION_FAILED_DAYS * DAY_MS,
      suppressedMs: v.RETENTION_SUPPRESSED_DAYS * DAY_MS,
      activityMs: v.RETENTION_ACTIVITY_DAYS * DAY_MS,
      interactionMs: v.RETENTION_INTERACTION_DAYS * DAY_MS,
    },
    metricsToken: v.METRICS_TOKEN ?? null,
    publicBaseUrl: v.PUBLIC_BASE_URL ?? null,
    workerMetricsPort: v.WORKER_METRICS_PORT ?? null,
    shutdownTimeoutMs: v.SHUTDOWN_TIMEOUT_MS,
    warnings: unknownVariableWarnings(env),
    domain: {
      operatorToken: v.OPERATOR_TOKEN ?? generateToken?.() ?? '',
      allowHttpTargets: v.ALLOW_HTTP_TARGETS,
      secretGraceMs: v.SECRET_GRACE_HOURS * 3600_000,
      retryPolicy: { scheduleMs, jitterRatio: DEFAULT_RETRY_POLICY.jitterRatio },
      groupPageSize: v.GROUP_PAGE_SIZE,
      interactiveDeadlineMs: v.INTERACTIVE_DEADLINE_MS,
      worker: {
        batchSize: v.WORKER_BATCH_SIZE,
        concurrency: v.WORKER_CONCURRENCY,
        perHostConcurrency: v.WORKER_PER_HOST_CONCURRENCY,
        leaseMs: v.WORKER_LEASE_MS,
        pollIntervalMs: v.WORKER_POLL_MS,
        // 0: disabled at its first failed attempt (tests).
        disableFailingAfterMs: v.DISABLE_FAILING_WEBHOOKS_AFTER_HOURS * 3600_000,
      },
    },
  };
}

const BOOLEAN_WORDS: Readonly<Record<string, boolean>> = { '1': true, true: true, yes: true, on: true, '0': false, false: false, no: false, off: false };

/**
 * The variables of the schema that are set (an empty value counts as unset), each converted to
 * its schema's type where it reads as one — left as text otherwise, for the schema to refuse —
 * and the defaults filled in.
 */
function parseEnv(env: RawEnv): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const name of Object.keys(ENV_SCHEMA.properties) as EnvName[]) {
    const raw = env[name];
    if (raw === undefined || raw === '') continue;
    const type = variableSchema(name).type as unknown;
    if (type === 'integer') values[name] = /^\s*[+-]?\d+\s*$/.test(raw) ? Number(raw) : raw;
    else if (type === 'boolean') values[name] = BOOLEAN_WORDS[raw.trim().toLowerCase()] ?? raw;
    else values[name] = raw;
  }
  return Value.Default(ENV_SCHEMA, values) as Record<string, unknown>;
}

/** One sentence per variable the schema refuses, naming it (and its value, unless secret). */
function schemaProblems(env: RawEnv, values: Record<string, unknown>): string[] {
  const firstPerVariable = new Map<string, ValueError>();
  for (const error of Value.Errors(ENV_SCHEMA, values)) {
    const name = error.path.split('/')[1];
    if (name !== undefined && name in ENV_SCHEMA.properties && !firstPerVariable.has(name)) firstPerVariable.set(name, error);
  }
  return [...firstPerVariable.keys()].map((name) => {
    const schema = variableSchema(name as EnvName);
    const got = schema.secret ? '' : ` (got "${env[name]}")`;
    return `${name} must be ${expectation(schema)}${got}`;
  });
}

/** What a variable's schema accepts, in words. */
function expectation(schema: ReturnType<typeof variableSchema>): string {
  if (schema.expected !== undefined) return schema.expected;
  const type = schema.type as unknown;
  if (type === 'integer') return `a whole number from ${String(schema['minimum'])} to ${String(schema['maximum'])}`;
  if (type === 'boolean') return 'true or false';
  return 'set';
}
