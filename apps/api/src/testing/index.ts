/** Test support for suites that run the real api app in-process: the app on test defaults, its logs captured. */
export { startTestApp, TEST_APP_ENV } from './test-app.js';
export type { TestApp } from './test-app.js';
