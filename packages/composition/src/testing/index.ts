/**
 * Test support for suites that run the real service: the api app on test defaults, a verifying
 * receiver, and a process with a troubled stdout.
 */
export { Receiver } from './receiver.js';
export type { Behaviour, Received } from './receiver.js';
export { startTestApp, TEST_APP_ENV } from './test-app.js';
export type { TestApp } from './test-app.js';
export { counterOf, freePort, startWithTroubledStdout, statusOf, untilHealthy } from './troubled-stdout.js';
export type { StdoutTrouble, TroubledProcess } from './troubled-stdout.js';
