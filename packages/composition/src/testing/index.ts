/** Test support for suites that run the real service in-process: the api app on test defaults (the rest is in `@webhooks/test-kit`). */
export { startTestApp, TEST_APP_ENV } from './test-app.js';
export type { TestApp } from './test-app.js';
