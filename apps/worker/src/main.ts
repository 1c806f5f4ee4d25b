import 'reflect-metadata';
import { openStorage } from '@webhooks/storage-postgres';
import { ConfigError, readConfig } from './config.js';
import { createLogger } from './logger.js';
import { LogOutput } from './log-output.js';
import { createServiceContainer } from './service-container.js';
import { startWorker } from './worker-runtime.js';
import type { WorkerMetrics } from './worker-metrics.js';
import { serveWorkerMetrics } from './worker-metrics.js';
import { attemptLog } from './attempt-log.js';
import { TOKENS } from '@webhooks/domain';
import type { AttemptObserver, DeliveryQueue, Storage } from '@webhooks/domain';

/** The worker alone: claims and sends deliveries from a shared Postgres, next to any number of others. */
async function main(): Promise<void> {
  const config = readConfig(process.env, () => 'unused-by-the-worker');
  const logOutput = new LogOutput(process.stdout, config.logBufferBytes);
  const logger = createLogger(config.logLevel, logOutput);
  if (!config.databaseUrl) {
    throw new ConfigError(['DATABASE_URL is required: a worker of its own shares a Postgres server with the api (the embedded database serves one process)']);
  }
  const storage = await openStorage({ databaseUrl: config.databaseUrl, migrate: true });
  const container = createServiceContainer(config, storage);
  // WORKER_METRICS_PORT set: /metrics, /health and /ready on it (unset: no server, so several
  // workers on one host need no ports).
  let served: WorkerMetrics | null = null;
  if (config.workerMetricsPort !== null) {
    const domainStorage = container.get<Storage>(TOKENS.Storage);
    served = await serveWorkerMetrics({
      port: config.workerMetricsPort,
      host: config.host,
      queue: container.get<DeliveryQueue>(TOKENS.DeliveryQueue),
      ready: () => domainStorage.ping(),
      logger,
      droppedLogLines: () => logOutput.dropped,
      metricsToken: config.metricsToken,
    });
    logger.info({ port: served.port }, 'worker metrics: /metrics, /health, /ready');
  }
  // One log line per attempt, and the counts when metrics are served.
  container.bind<AttemptObserver>(TOKENS.AttemptObserver).toConstantValue(attemptLog(logger, served?.metrics ?? null));
  const worker = startWorker(container, { logger, retention: config.retention });
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'draining');
    void worker
      .stop()
      .then(() => served?.close())
      .then(() => container.unbindAllAsync())
      .then(() => storage.close())
      .then(() => process.exit(0));
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
