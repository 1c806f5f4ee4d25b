import { runService } from './run-service.js';
import type { RunServiceOptions } from './run-service.js';
import { ApiApp } from './api-app.js';
import type { ApiAppOptions, Started } from './api-app.js';
import { startBanner } from './start-banner.js';

/**
 * Runs the api process until SIGTERM or SIGINT (see `runService` for exit codes and the drain),
 * printing where it listens once it does. `webhooks serve` and `apps/api/src/main.ts` are this.
 */
export async function runApi(options: ApiAppOptions & Pick<RunServiceOptions<Started>, 'exit'> = {}): Promise<void> {
  let app: ApiApp | null = null;
  await runService(() => (app = new ApiApp(options)), {
    ...(options.exit ? { exit: options.exit } : {}),
    onStarted: (started) => {
      if (app) process.stdout.write(startBanner(app.config, started));
    },
  });
}
