import 'reflect-metadata';
import type { Server } from 'node:http';
import { randomBytes } from 'node:crypto';
import type { Container } from 'inversify';
import type { Logger } from 'pino';
import { TOKENS } from '@webhooks/domain';
import type { AttemptObserver, DeliveryQueue, Storage } from '@webhooks/domain';
import { createHttpApp } from '@webhooks/http-koa';
import type { HttpUseCases } from '@webhooks/http-koa';
import { serveUi } from '@webhooks/web-ui';
import type { StorageHandle } from '@webhooks/storage-postgres';
import { attemptLog } from './attempt-log.js';
import { readConfig } from './config.js';
import type { ServiceConfig } from './config.js';
import { USE_CASES } from './domain.container-module.js';
import { LogOutput } from './log-output.js';
import { createLogger } from './logger.js';
import { openServiceStorage } from './open-service-storage.js';
import { createServiceContainer } from './service-container.js';
import { queueStatsOf, serviceMetrics } from './worker-metrics.js';
import { startWorker } from './worker-runtime.js';
import type { WorkerRuntime } from './worker-runtime.js';

/** Where a started app listens, and the operator token it accepts. */
export interface Started {
  readonly url: string;
  readonly port: number;
  readonly operatorToken: string;
}

/** Options for tests and embedders: the environment to read, and where logs go. */
export interface ApiAppOptions {
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Where log lines go (through a {@link LogOutput}); `process.stdout` when left out. */
  readonly logDestination?: NodeJS.WritableStream;
}

/** The use cases the HTTP layer calls, resolved from the container: the one mapping of use cases to routes' names. */
function useCasesOf(container: Container): HttpUseCases {
  return {
    authenticate: container.get(USE_CASES.Authenticate),
    projects: container.get(USE_CASES.ProjectAdministration),
    forms: container.get(USE_CASES.FormAdministration),
    webhooks: container.get(USE_CASES.WebhookAdministration),
    sendTest: container.get(USE_CASES.SendTestEvent),
    reportActivity: container.get(USE_CASES.ReportActivity),
    interactions: container.get(USE_CASES.FormInteractions),
    deliveryLog: container.get(USE_CASES.DeliveryLog),
    listen: container.get(USE_CASES.ListenToEvents),
  };
}

/**
 * The api process: migrations, the HTTP API, and (unless WORKER=false) the delivery worker, all
 * over one container. `start` and `stop` are what `runApi` and the end-to-end tests call.
 */
export class ApiApp {
  readonly config: ServiceConfig;
  readonly logger: Logger;
  /** The log lines' way out: bounded, never blocking; counts what it drops. */
  readonly logOutput: LogOutput;
  private storage: StorageHandle | null = null;
  private container: Container | null = null;
  private server: Server | null = null;
  private worker: WorkerRuntime | null = null;
  /** Aborted when stopping: open listen streams end, so the server can close. */
  private readonly stopping = new AbortController();

  constructor(options: ApiAppOptions = {}) {
    this.config = readConfig(options.env ?? process.env, () => `op_${randomBytes(24).toString('base64url')}`);
    this.logOutput = new LogOutput(options.logDestination ?? process.stdout, this.config.logBufferBytes);
    this.logger = createLogger(this.config.logLevel, this.logOutput);
  }

  /** Opens the database (migrating it), starts the worker and listens. */
  async start(): Promise<Started> {
    const { config } = this;
    for (const warning of config.warnings) this.logger.warn(warning);
    this.storage = await openServiceStorage(config, this.logger);
    this.container = createServiceContainer(config, this.storage, this.logger);
    const queue = this.container.get<DeliveryQueue>(TOKENS.DeliveryQueue);
    const storage = this.container.get<Storage>(TOKENS.Storage);
    const { registry, metrics } = serviceMetrics({
      queueStats: queueStatsOf(queue),
      onCollectError: (error) => this.logger.warn({ err: error }, 'metrics: queue stats failed'),
      droppedLogLines: () => this.logOutput.dropped,
    });
    // One log line per attempt (worker, interactive calls, test sends), and the counts.
    this.container.bind<AttemptObserver>(TOKENS.AttemptObserver).toConstantValue(attemptLog(this.logger, metrics));
    const app = createHttpApp({
      useCases: useCasesOf(this.container),
      logger: this.logger,
      registry,
      metrics,
      ready: () => storage.ping().catch(() => false),
      maxBodyBytes: config.maxBodyBytes,
      ...(config.metricsToken ? { metricsToken: config.metricsToken } : {}),
      ...(config.publicBaseUrl ? { publicBaseUrl: config.publicBaseUrl } : {}),
      shutdown: this.stopping.signal,
    });
    // The API admins' webhooks tab, at /ui/.
    app.use(serveUi());
    if (config.runWorker) {
      this.worker = startWorker(this.container, { logger: this.logger, retention: config.retention });
    }
    const server = await new Promise<Server>((resolve, reject) => {
      const s = app.listen(config.port, config.host, () => resolve(s));
      s.once('error', reject);
    });
    server.keepAliveTimeout = 65_000;
    this.server = server;
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    const shownHost = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;
    const url = `http://${shownHost}:${port}`;
    this.logger.info({ url, database: this.storage.kind, worker: config.runWorker }, 'webhooks api listening');
    return { url, port, operatorToken: config.domain.operatorToken };
  }

  /** Stops listening, drains the worker, closes the database. */
  async stop(): Promise<void> {
    this.stopping.abort();
    const server = this.server;
    this.server = null;
    if (server) {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      });
    }
    await this.worker?.stop();
    this.worker = null;
    await this.container?.unbindAllAsync();
    this.container = null;
    await this.storage?.close();
    this.storage = null;
  }
}
