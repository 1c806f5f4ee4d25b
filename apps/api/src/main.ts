import { DataDirInUseError } from '@webhooks/storage-postgres';
import { ConfigError } from '@webhooks/worker';
import { ApiApp } from './api-app.js';

/** `npm start`: the whole service in one process. */
async function main(): Promise<void> {
  const app = new ApiApp();
  const started = await app.start();
  const { config } = app;
  const lines = [
    '',
    `  Webhook service listening on ${started.url}`,
    `  Database: ${config.databaseUrl ? 'Postgres (DATABASE_URL)' : `embedded Postgres in ${config.dataDir}`}`,
    `  OpenAPI:  ${started.url}/openapi.json`,
  ];
  if (config.operatorTokenGenerated) lines.push(`  Operator token (generated, set OPERATOR_TOKEN to choose one): ${started.operatorToken}`);
  process.stdout.write(`${lines.join('\n')}\n\n`);
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    app.logger.info({ signal }, 'shutting down');
    void app.stop().then(() => process.exit(0));
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError || error instanceof DataDirInUseError ? error.message : error);
  process.exit(1);
});
