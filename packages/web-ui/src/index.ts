/**
 * The API admin's web page: sources in `src/app/` (Preact, bundled by esbuild), built into `dist/`
 * by the `prepare` script, and served under `/ui` by {@link serveUi} in any Koa app.
 */
export { buildUi } from './build/build-ui.js';
export type { BuildUiOptions } from './build/build-ui.js';
export { uiAssets } from './build/ui-assets.js';
export type { UiAssets } from './build/ui-assets.js';
export { serveUi } from './serve/serve-ui.js';
export type { ServeUiOptions, UiContext, UiMiddleware } from './serve/serve-ui.js';
export { CONTENT_SECURITY_POLICY } from './serve/security-headers.js';
