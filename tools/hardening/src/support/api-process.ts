import { ApiApp } from '@webhooks/composition';

/**
 * The api app as its own process, for the fault suite: a crash is then a real exit the suite sees
 * (and restarts, as a process supervisor would). Configured by its environment like `npm start`;
 * logs go to stderr; prints `READY <json>` on stdout once listening; stops on SIGTERM.
 */
async function main(): Promise<void> {
  const app = new ApiApp({ env: process.env, logDestination: process.stderr });
  const started = await app.start();
  process.stdout.write(`READY ${JSON.stringify({ url: started.url, pid: process.pid })}\n`);
  process.once('SIGTERM', () => {
    void app.stop().then(() => process.exit(0));
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`START FAILED ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(3);
});
