/** Test support for suites that run the service as real processes. */
export { counterOf, freePort, startWithTroubledStdout, statusOf, untilHealthy } from './troubled-stdout.js';
export type { StdoutTrouble, TroubledProcess } from './troubled-stdout.js';
