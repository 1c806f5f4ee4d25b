import { runApi } from '@webhooks/composition';

/** The whole service in one process (what `webhooks serve` runs), until SIGTERM or SIGINT. */
await runApi();
