export { readConfig, ConfigError } from './config.js';
export type { ServiceConfig } from './config.js';
export { createLogger, REDACTED_PATHS } from './logger.js';
export { domainContainerModule, USE_CASES } from './domain.container-module.js';
export { createServiceContainer } from './service-container.js';
export { startWorker } from './worker-runtime.js';
export type { WorkerRuntime, WorkerRuntimeOptions } from './worker-runtime.js';
export { countOutcome, queueStatsOf, serveWorkerMetrics } from './worker-metrics.js';
export type { WorkerMetrics, WorkerMetricsOptions } from './worker-metrics.js';
