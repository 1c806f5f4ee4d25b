import { runService } from './run-service.js';
import { WorkerApp } from './worker-app.js';

/** Runs a worker of its own until SIGTERM or SIGINT (see `runService`). `webhooks worker` and `apps/worker/src/main.ts` are this. */
export async function runWorker(): Promise<void> {
  await runService(() => new WorkerApp());
}
