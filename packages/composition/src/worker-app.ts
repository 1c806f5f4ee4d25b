import 'reflect-metadata';
import type { Container } from 'inversify';
import { TOKENS } from '@webhooks/domain';
import type { AttemptObserver, DeliveryQueue, Storage } from '@webhooks/domain';
import type { StorageHandle } from '@webhooks/storage-postgres';
import type { Logger } from 'pino';
import { ConfigError, readConfig } from './config.js';
import type { ServiceConfig } from './config.js';
import { attemptLog } from './attempt-log.js';
import { createLogger } from './logger.js';
import { LogOutput } from './log-output.js';
import { openServiceStorage } from './open-service-storage.js';
import { createServiceContainer } from './service-container.js';
import type { WorkerMetrics } from './worker-metrics.js';
import { serveWorkerMetrics } from './worker-metrics.js';
import { startWorker } from './worker-runtime.js';
import type { WorkerRuntime } from './worker-runtime.js';

/** Options for tests and embedders: the environment to read, and where logs go. */
export interface WorkerAppOptions {
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly logDestination?: NodeJS.WritableStream;
}

/**
 * The worker alone: claims and sends deliveries from a shared Postgres, next to any number of
 * others, and (with WORKER_METRICS_PORT) serves its metrics. `start` and `stop` are what
 * `webhooks worker` and `apps/worker/src/main.ts` call (through `runWorker`).
 */
export class WorkerApp {
  readonly config: ServiceConfig;
  readonly logger: Logger;
  /** The log lines' way out: bounded, never blocking; counts what it drops. */
  readonly logOutput: LogOutput;
  private storage: StorageHandle | null = null;
  private container: Container | null = null;
  private served: WorkerMetrics | null = null;
  private worker: WorkerRuntime | null = null;

  constructor(options: WorkerAppOptions = {}) {
    this.config = readConfig(options.env ?? process.env);
    if (!this.config.databaseUrl) {
      throw new ConfigError(['DATABASE_URL is required: a worker of its own shares a Postgres server with the api (the embedded database serves one process)']);
    }
    this.logOutput = new LogOutput(options.logDestination ?? process.stdout, this.config.logBufferBytes);
    this.logger = createLogger(this.config.logLevel, this.logOutput);
  }

  /** Opens the database (migrating it), serves metrics if asked, and starts the worker. */
  async start(): Promise<{ readonly workerId: string }> {
    const { config, logger } = this;
    for (const warning of config.warnings) logger.warn(warning);
    this.storage = await openServiceStorage(config, logger);
    const container = (this.container = createServiceContainer(config, this.storage, logger));
    // WORKER_METRICS_PORT set: /metrics, /health and /ready on it (unset: no server, so several
    // workers on one host need no ports).
    if (config.workerMetricsPort !== null) {
      const storage = container.get<Storage>(TOKENS.Storage);
      this.served = await serveWorkerMetrics({
        port: config.workerMetricsPort,
        host: config.host,
        queue: container.get<DeliveryQueue>(TOKENS.DeliveryQueue),
        ready: () => storage.ping(),
        logger,
        droppedLogLines: () => this.logOutput.dropped,
        metricsToken: config.metricsToken,
      });
      logger.info({ port: this.served.port }, 'worker metrics: /metrics, /health, /ready');
    }
    // One log line per attempt, and the counts when metrics are served.
    container.bind<AttemptObserver>(TOKENS.AttemptObserver).toConstantValue(attemptLog(logger, this.served?.metrics ?? null));
    this.worker = startWorker(container, { logger, retention: config.retention });
    return { workerId: this.worker.workerId };
  }

  /** Drains the worker (sends in flight finish, unstarted claims are released), then closes everything. */
  async stop(): Promise<void> {
    await this.worker?.stop();
    this.worker = null;
    await this.served?.close();
    this.served = null;
    await this.container?.unbindAllAsync();
    this.container = null;
    await this.storage?.close();
    this.storage = null;
  }
}
