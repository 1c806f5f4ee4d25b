import { runApi } from './run-api.js';

/** The whole service in one process (what `webhooks serve` runs), until SIGTERM or SIGINT. */
await runApi();
