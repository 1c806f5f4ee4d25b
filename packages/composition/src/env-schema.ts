import { Type } from '@sinclair/typebox';
import type { Static, TSchema } from '@sinclair/typebox';

/**
 * Extra keywords of a variable's schema: `expected` says in words what a string must look like
 * (for the error message), `secret` keeps its value out of every message.
 */
interface VariableOptions {
  readonly description: string;
  readonly expected?: string;
  readonly secret?: boolean;
}

const whole = (min: number, max: number, fallback: number, description: string) => Type.Integer({ minimum: min, maximum: max, default: fallback, description });
const optionalWhole = (min: number, max: number, description: string) => Type.Optional(Type.Integer({ minimum: min, maximum: max, description }));
const onOff = (fallback: boolean, description: string) => Type.Boolean({ default: fallback, description });
const text = (fallback: string, options: VariableOptions) => Type.String({ minLength: 1, default: fallback, ...options });
const optionalText = (options: VariableOptions & { readonly pattern?: string; readonly minLength?: number }) => Type.Optional(Type.String({ minLength: 1, ...options }));

/** pino's levels. */
const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/**
 * Every environment variable the service reads, in one schema: its type, bounds, default and
 * meaning. `readConfig` validates the environment against it (all problems at once), `webhooks
 * --help` lists it, and a test checks that the README's table names each one. A new variable is
 * one line here (and its use in `readConfig`).
 */
export const ENV_SCHEMA = Type.Object({
  PORT: whole(0, 65535, 8080, 'where the API listens (0: any free port)'),
  HOST: text('0.0.0.0', { description: 'the address the API (and a worker’s metrics) listen on' }),
  DATABASE_URL: optionalText({
    pattern: '^postgres(ql)?://',
    expected: 'a postgres:// URL',
    secret: true,
    description: 'a postgres:// URL for production; unset: embedded Postgres in DATA_DIR',
  }),
  DATABASE_POOL_SIZE: whole(1, 1000, 10, 'connections in the Postgres pool of each process'),
  DATABASE_CONNECT_TIMEOUT_MS: whole(0, 3_600_000, 30_000, 'how long start-up retries a Postgres that does not answer, with backoff (0: once)'),
  ALLOW_NEWER_SCHEMA: optionalText({
    pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}-\\d{2}-[\\w-]+$',
    expected: 'the name of a migration (as `webhooks migrate status` lists them)',
    description: 'let this build start on a schema migrated by a newer one, up to this migration (a rollback across migrations that only expanded the schema)',
  }),
  DATA_DIR: text('./.data', { description: 'the embedded database’s directory (without DATABASE_URL)' }),
  OPERATOR_TOKEN: optionalText({
    minLength: 16,
    expected: 'at least 16 characters',
    secret: true,
    description: 'the operator’s bearer token; required with DATABASE_URL, generated and printed on the embedded database',
  }),
  ALLOW_HTTP_TARGETS: onOff(false, 'accept plain-http webhook URLs (local use)'),
  ALLOW_PRIVATE_TARGETS: onOff(false, 'let deliveries reach loopback/private addresses (local use, tests)'),
  WORKER: onOff(true, 'run the delivery worker inside the api process'),
  WORKER_CONCURRENCY: whole(1, 1024, 64, 'sends in flight in total'),
  WORKER_PER_HOST_CONCURRENCY: whole(1, 1024, 16, 'sends in flight to one host'),
  WORKER_BATCH_SIZE: whole(1, 1000, 100, 'deliveries per claim'),
  WORKER_LEASE_MS: whole(1000, 3_600_000, 120_000, 'how long a claim is held before another worker may take it'),
  WORKER_POLL_MS: whole(10, 60_000, 1000, 'longest idle wait when no notification comes'),
  WORKER_METRICS_PORT: optionalWhole(0, 65535, 'a worker of its own serves /metrics, /health and /ready here (unset: nothing)'),
  RETRY_SCHEDULE_MS: optionalText({
    pattern: '^\\s*\\d+(\\s*,\\s*\\d+)*\\s*$',
    expected: 'a comma-separated list of delays in milliseconds',
    description: 'delays before each attempt, in ms (default 0,5s,5m,30m,2h,5h,10h,10h)',
  }),
  SECRET_GRACE_HOURS: whole(0, 24 * 30, 24, 'how long a rotated-out secret keeps signing'),
  INTERACTIVE_DEADLINE_MS: whole(100, 60_000, 10_000, 'the longest an interactive event may take'),
  GROUP_PAGE_SIZE: whole(1, 10_000, 500, 'applicants per page of status_update / tag_update'),
  MAX_BODY_BYTES: whole(1024, 16 * 1024 * 1024, 256 * 1024, 'largest request body (413 beyond)'),
  RETENTION_DAYS: whole(1, 3650, 30, 'succeeded deliveries (with their attempts and events) older than this are pruned'),
  RETENTION_FAILED_DAYS: whole(1, 3650, 90, 'failed deliveries — resendable by hand until then — older than this are pruned'),
  RETENTION_SUPPRESSED_DAYS: whole(1, 3650, 30, 'suppressed deliveries older than this are pruned'),
  RETENTION_ACTIVITY_DAYS: whole(1, 3650, 90, 'records of reported activities (their idempotency keys) older than this are pruned'),
  RETENTION_INTERACTION_DAYS: whole(1, 3650, 30, 'records of interactive calls (their stored decisions) older than this are pruned'),
  DISABLE_FAILING_WEBHOOKS_AFTER_HOURS: whole(0, 365 * 24, 5 * 24, 'disable a webhook (`failing`) whose every attempt has failed this long; 0: at the first failure'),
  SHUTDOWN_TIMEOUT_MS: whole(0, 3_600_000, 25_000, 'on SIGTERM/SIGINT, how long in-flight deliveries may take to finish before the process exits anyway'),
  LOG_BUFFER_BYTES: whole(1024, 256 * 1024 * 1024, 1024 * 1024, 'log bytes that may wait for a slow reader of stdout; past it lines are dropped and counted'),
  METRICS_TOKEN: optionalText({
    pattern: '^[\\x21-\\x7e]{16,512}$',
    expected: '16 to 512 printable characters without spaces',
    secret: true,
    description: 'when set, /metrics (api, and a lone worker’s) needs `Authorization: Bearer <token>`',
  }),
  PUBLIC_BASE_URL: optionalText({
    pattern: '^https?://[^\\s/?#]+(/[^\\s?#]*)?$',
    expected: 'an http(s) URL without query or fragment',
    description: 'the URL clients reach the API at, written as the OpenAPI document’s `servers` entry (unset: `/`)',
  }),
  LOG_LEVEL: Type.Union(
    LOG_LEVELS.map((level) => Type.Literal(level)),
    { default: 'info', description: 'pino level', expected: `one of ${LOG_LEVELS.join(', ')}` },
  ),
});

/**
 * Variables of `webhooks listen` (a client of the service, run on a developer's machine): not read
 * by the service, and not warned about by it either.
 */
export const CLIENT_VARIABLES: readonly string[] = ['WEBHOOKS_API_URL', 'WEBHOOKS_API_KEY', 'WEBHOOKS_LISTEN_SECRET'];

/** The environment, validated and with defaults filled in. */
export type Env = Static<typeof ENV_SCHEMA>;

/** The names of every variable the service reads. */
export type EnvName = keyof Env;

/** One variable as `--help` and the README list it. */
export interface EnvVariable {
  readonly name: EnvName;
  readonly default: string | null;
  readonly description: string;
}

/** The schema of one variable. */
export function variableSchema(name: EnvName): TSchema & Partial<VariableOptions> {
  return ENV_SCHEMA.properties[name] as TSchema & Partial<VariableOptions>;
}

/** Every variable, in schema order, with its default as text. */
export function envVariables(): readonly EnvVariable[] {
  return (Object.keys(ENV_SCHEMA.properties) as EnvName[]).map((name) => {
    const schema = variableSchema(name);
    const fallback = schema.default as string | number | boolean | undefined;
    return { name, default: fallback === undefined ? null : String(fallback), description: schema.description ?? '' };
  });
}
