export { ApiApp } from './api-app.js';
export type { ApiAppOptions, Started } from './api-app.js';
