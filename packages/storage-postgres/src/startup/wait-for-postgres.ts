import pg from 'pg';
import { isUnavailable } from '../sql/unavailable.js';
import type { OnOpenProgress } from './open-progress.js';

/** Postgres did not answer within the time start-up allows it. */
export class DatabaseUnreachableError extends Error {
  constructor(
    /** The server, without its password: `user@host:port/database`. */
    readonly target: string,
    readonly waitedMs: number,
    cause: unknown,
  ) {
    const reason = reasonOf(cause);
    super(`Postgres at ${target} did not answer within ${Math.round(waitedMs / 100) / 10} s (${reason}); is it running, and is DATABASE_URL right?`, { cause });
    this.name = 'DatabaseUnreachableError';
  }
}

/** Options of {@link waitForPostgres}. */
export interface WaitOptions {
  /** How long to keep retrying; 0 tries once. */
  readonly timeoutMs: number;
  readonly onProgress?: OnOpenProgress | undefined;
  /** The first pause between tries (doubling, at most {@link MAX_BACKOFF_MS}). Default 500 ms. */
  readonly firstBackoffMs?: number;
}

const MAX_BACKOFF_MS = 5_000;

/** `user@host:port/database` of a Postgres URL: what messages may show of it. */
export function describeTarget(databaseUrl: string): string {
  try {
    const url = new URL(databaseUrl);
    const user = url.username ? `${decodeURIComponent(url.username)}@` : '';
    return `${user}${url.host || 'localhost'}${url.pathname || '/'}`;
  } catch {
    return '(an unreadable DATABASE_URL)';
  }
}

/**
 * Connects once and runs `select 1`, retrying with backoff (0.5 s doubling to 5 s) while the
 * server cannot be reached — refused, reset, starting up, too many connections — until
 * `timeoutMs` has passed; then throws {@link DatabaseUnreachableError}. Errors that waiting does
 * not cure (a wrong password, a missing database) are thrown at once.
 */
export async function waitForPostgres(databaseUrl: string, options: WaitOptions): Promise<void> {
  const started = Date.now();
  const target = describeTarget(databaseUrl);
  let backoff = options.firstBackoffMs ?? 500;
  for (let attempt = 1; ; attempt += 1) {
    const remaining = options.timeoutMs - (Date.now() - started);
    const client = new pg.Client({ connectionString: databaseUrl, connectionTimeoutMillis: Math.max(1000, Math.min(10_000, remaining)) });
    client.on('error', () => undefined);
    try {
      await client.connect();
      await client.query('select 1');
      return;
    } catch (error) {
      if (!isUnavailable(error)) throw error;
      const left = options.timeoutMs - (Date.now() - started);
      if (left <= 0) throw new DatabaseUnreachableError(target, Date.now() - started, error);
      const pause = Math.min(backoff, left);
      options.onProgress?.({ step: 'waiting-for-postgres', target, attempt, reason: reasonOf(error), retryInMs: pause });
      await new Promise((resolve) => setTimeout(resolve, pause));
      backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
    } finally {
      await client.end().catch(() => undefined);
    }
  }
}

function reasonOf(error: unknown): string {
  if (typeof error !== 'object' || error === null) return String(error);
  const { code, message } = error as { code?: unknown; message?: unknown };
  if (error instanceof AggregateError && error.errors.length > 0) return reasonOf(error.errors[0]);
  return [typeof code === 'string' ? code : null, typeof message === 'string' && message !== '' ? message : null].filter(Boolean).join(': ') || 'no answer';
}
