import { DataDirInUseError, DatabaseUnreachableError, MigrationFailedError, SchemaNewerError } from '@webhooks/storage-postgres';
import type { Logger } from 'pino';
import { ConfigError } from './config.js';

/** The exit codes of every command of the service (documented in the root README). */
export const EXIT_CODES = {
  /** Done: the command finished, or a signal stopped the service after a clean drain. */
  ok: 0,
  /** A failure at run time, or the shutdown deadline passed before the drain ended. */
  failure: 1,
  /** A usage or configuration error: a bad flag or argument, a bad or missing environment variable. */
  usage: 2,
  /** Something needed did not answer: Postgres within DATABASE_CONNECT_TIMEOUT_MS (or, for `listen`, the service). */
  unreachable: 3,
  /**
   * Refused: the database schema is newer than this build, a migration failed, or another live
   * process holds the embedded database's directory (for `listen`: the service refused the key).
   */
  refused: 4,
} as const;

/** The exit code an error at start means; stack traces are printed for unexpected errors only. */
export function exitCodeOf(error: unknown): number {
  if (error instanceof ConfigError) return EXIT_CODES.usage;
  if (error instanceof DatabaseUnreachableError) return EXIT_CODES.unreachable;
  if (error instanceof SchemaNewerError || error instanceof MigrationFailedError || error instanceof DataDirInUseError) return EXIT_CODES.refused;
  return EXIT_CODES.failure;
}

/** What an error at start prints: its message for the errors an operator can act on, everything otherwise. */
export function describeFailure(error: unknown): string {
  if (exitCodeOf(error) !== EXIT_CODES.failure) return (error as Error).message;
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}

/** A process of the service that starts and stops. */
export interface Service<S> {
  readonly logger: Logger;
  readonly config: { readonly shutdownTimeoutMs: number };
  start(): Promise<S>;
  stop(): Promise<void>;
}

/** Options of {@link runService}. */
export interface RunServiceOptions<S> {
  /** Called once the service started (the api prints where it listens). */
  readonly onStarted?: (started: S) => void;
  /** Ends the process (tests replace it). */
  readonly exit?: (code: number) => void;
  /** Where start-up failures are written. */
  readonly stderr?: NodeJS.WritableStream;
}

/**
 * Runs a service until SIGTERM or SIGINT: builds it (a bad configuration exits with 2, its
 * problems listed, no stack trace), starts it (an unreachable database exits with 3, a schema
 * newer than this build or a failed migration with 4), then on the first signal stops it —
 * no new work taken, work in flight drained — within `SHUTDOWN_TIMEOUT_MS`: exit 0 when the drain
 * ended, 1 when the deadline passed first. A second signal exits at once with 1.
 */
export async function runService<S>(build: () => Service<S>, options: RunServiceOptions<S> = {}): Promise<void> {
  const exit = options.exit ?? ((code: number) => process.exit(code));
  const stderr = options.stderr ?? process.stderr;
  let service: Service<S>;
  try {
    service = build();
  } catch (error) {
    stderr.write(`${describeFailure(error)}\n`);
    exit(exitCodeOf(error));
    return;
  }
  const { logger } = service;
  const finish = (code: number): void => {
    logger.flush();
    exit(code);
  };
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (stopping) {
      logger.warn({ signal }, 'second signal: exiting without waiting for the drain');
      finish(EXIT_CODES.failure);
      return;
    }
    stopping = true;
    const timeoutMs = service.config.shutdownTimeoutMs;
    logger.info({ signal, timeoutMs }, `${signal}: stopping (work in flight may take up to ${timeoutMs} ms to finish)`);
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<'deadline'>((resolve) => (timer = setTimeout(() => resolve('deadline'), timeoutMs)));
    void Promise.race([service.stop().then(() => 'stopped' as const), deadline]).then(
      (how) => {
        clearTimeout(timer);
        if (how === 'deadline') {
          logger.error({ timeoutMs }, 'shutdown deadline passed before the drain ended: exiting; leases of deliveries still in flight lapse and they are sent again');
          finish(EXIT_CODES.failure);
          return;
        }
        logger.info('stopped');
        finish(EXIT_CODES.ok);
      },
      (error: unknown) => {
        clearTimeout(timer);
        logger.error({ err: error }, 'stopping failed');
        finish(EXIT_CODES.failure);
      },
    );
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
  try {
    const started = await service.start();
    if (!stopping) options.onStarted?.(started);
  } catch (error) {
    if (stopping) return;
    stopping = true;
    await service.stop().catch(() => undefined);
    stderr.write(`${describeFailure(error)}\n`);
    finish(exitCodeOf(error));
  }
}
