import { access } from 'node:fs/promises';
import { buildUi } from '../build/build-ui.js';
import { uiAssets } from '../build/ui-assets.js';
import { SECURITY_HEADERS } from './security-headers.js';
import type { StaticFile } from './static-files.js';
import { loadStaticFiles } from './static-files.js';

/** The part of a Koa context the handler uses, so that no Koa import is needed. */
export interface UiContext {
  readonly path: string;
  readonly method: string;
  status: number;
  body: unknown;
  type: string;
  set(field: string, value: string): void;
}

/** A Koa-compatible middleware. */
export type UiMiddleware = (ctx: UiContext, next: () => Promise<unknown>) => Promise<void>;

/** Options of {@link serveUi}; `dir` serves (and lazily builds) another folder than `dist/`. */
export interface ServeUiOptions {
  readonly dir?: string;
}

/** File names with a content hash (`app-3FZ2K7QX.js`) never change, so they may be cached for good. */
const HASHED = /-[A-Z0-9]{8}\.(js|css|map)$/;

/**
 * Serves the page under `prefix`: `index.html` for `/ui` and `/ui/`, and the built files below
 * it, with their content types and a strict Content-Security-Policy. Other paths go to `next`.
 * When the page is not built yet (no `dist/`), the first request builds it.
 */
export function serveUi(prefix = '/ui', options: ServeUiOptions = {}): UiMiddleware {
  const base = prefix.replace(/\/+$/, '');
  const assets = uiAssets(options.dir);
  let loading: Promise<ReadonlyMap<string, StaticFile>> | null = null;
  const files = () => {
    loading ??= ensureBuilt(assets.dir, assets.index).then(() => loadStaticFiles(assets.dir));
    // A failed build is retried by the next request rather than remembered.
    loading.catch(() => (loading = null));
    return loading;
  };

  return async (ctx, next) => {
    const path = ctx.path;
    if (path !== base && !path.startsWith(`${base}/`)) return void (await next());
    const key = path === base || path === `${base}/` ? 'index.html' : path.slice(base.length + 1);
    const file = (await files()).get(key);
    if (file === undefined) return void (await next());
    if (ctx.method !== 'GET' && ctx.method !== 'HEAD') {
      ctx.status = 405;
      ctx.set('Allow', 'GET, HEAD');
      ctx.body = 'Method Not Allowed';
      return;
    }
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) ctx.set(name, value);
    ctx.set('Cache-Control', HASHED.test(key) ? 'public, max-age=31536000, immutable' : 'no-cache');
    ctx.status = 200;
    // Without the trailing slash, relative asset URLs would resolve above the prefix.
    ctx.body = path === base ? Buffer.from(file.body.toString('utf8').replaceAll('="./', `="${base}/`)) : file.body;
    ctx.type = file.type;
  };
}

async function ensureBuilt(dir: string, index: string): Promise<void> {
  const built = await access(index).then(
    () => true,
    () => false,
  );
  if (!built) await buildUi({ outDir: dir });
}
