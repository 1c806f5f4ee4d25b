import { runWorker } from './run-worker.js';

/** The worker alone (what `webhooks worker` runs), until SIGTERM or SIGINT. */
await runWorker();
