import { runWorker } from '@webhooks/composition';

/** The worker alone (what `webhooks worker` runs), until SIGTERM or SIGINT. */
await runWorker();
