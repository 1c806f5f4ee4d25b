export { ApiApp } from './api-app.js';
export type { ApiAppOptions, Started } from './api-app.js';
export { startBanner } from './start-banner.js';
export { runApi } from './run-api.js';
