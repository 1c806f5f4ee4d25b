import { openStorage } from '@webhooks/storage-postgres';
import type { OnOpenProgress, OpenProgress, OpenStorageOptions, StorageHandle } from '@webhooks/storage-postgres';
import type { Logger } from 'pino';
import type { ServiceConfig } from './config.js';

/**
 * Opens the configured storage as every process of the service does: Postgres (its pool size,
 * retried while it does not answer) or the embedded database, migrated unless `migrate` is false
 * (the schema is checked anyway unless `checkSchema` is false), saying in the log what it is doing meanwhile.
 */
export function openServiceStorage(config: ServiceConfig, logger: Logger, options: Pick<OpenStorageOptions, 'migrate' | 'checkSchema'> = {}): Promise<StorageHandle> {
  return openStorage({
    ...(config.databaseUrl
      ? { databaseUrl: config.databaseUrl, poolSize: config.databasePoolSize, connectTimeoutMs: config.databaseConnectTimeoutMs }
      : { dataDir: config.dataDir }),
    migrate: options.migrate ?? true,
    checkSchema: options.checkSchema,
    allowNewerSchemaUpTo: config.allowNewerSchema,
    onProgress: logOpenProgress(logger),
  });
}

/** Logs each step of opening storage as a sentence. */
function logOpenProgress(logger: Logger): OnOpenProgress {
  return (progress: OpenProgress) => {
    switch (progress.step) {
      case 'waiting-for-postgres':
        logger.warn(
          { attempt: progress.attempt, reason: progress.reason },
          `database: Postgres at ${progress.target} does not answer (${progress.reason}); trying again in ${seconds(progress.retryInMs)}`,
        );
        return;
      case 'embedded-starting':
        logger.info(
          { dataDir: progress.dataDir },
          progress.fresh
            ? `embedded database: creating it in ${progress.dataDir} (initdb: a few seconds, the first time only)`
            : `embedded database: opening ${progress.dataDir}`,
        );
        return;
      case 'embedded-ready':
        logger.info({ dataDir: progress.dataDir, ms: progress.ms }, `embedded database: ready in ${seconds(progress.ms)}`);
        return;
      case 'migrating':
        logger.info({ pending: progress.pending }, `migrations: applying ${progress.pending.length} (${progress.pending.join(', ')})`);
        return;
      case 'migrated':
        logger.info({ applied: progress.applied, ms: progress.ms }, `migrations: ${progress.applied.length} applied in ${seconds(progress.ms)}`);
        return;
    }
  };
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}
