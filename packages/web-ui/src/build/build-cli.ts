// `npm run build` and the `prepare` script (run by `npm install` / `npm ci` at the root).
import { buildUi } from './build-ui.js';

const started = Date.now();
const assets = await buildUi();
console.log(`web-ui: built ${assets.dir} in ${Date.now() - started} ms`);
