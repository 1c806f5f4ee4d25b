/** The `webhooks` command line: serve, worker, migrate up|status, listen. */
export { runCli, buildProgram } from './program.js';
