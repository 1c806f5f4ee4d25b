import type { ServiceConfig } from './config.js';
import type { Started } from './api-app.js';

/** What the api prints once it listens: where, on which database, and a generated operator token. */
export function startBanner(config: ServiceConfig, started: Started): string {
  const lines = [
    '',
    `  Webhook service listening on ${started.url}`,
    `  Database: ${config.databaseUrl ? 'Postgres (DATABASE_URL)' : `embedded Postgres in ${config.dataDir}`}`,
    `  OpenAPI:  ${started.url}/openapi.json`,
  ];
  if (config.operatorTokenGenerated) lines.push(`  Operator token (generated, set OPERATOR_TOKEN to choose one): ${started.operatorToken}`);
  return `${lines.join('\n')}\n\n`;
}
