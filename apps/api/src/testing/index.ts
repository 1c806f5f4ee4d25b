/** Test support for suites that run the real api app: the app on test defaults, a verifying receiver. */
export { Receiver } from './receiver.js';
export type { Behaviour, Received } from './receiver.js';
export { startTestApp, TEST_APP_ENV } from './test-app.js';
export type { TestApp } from './test-app.js';
