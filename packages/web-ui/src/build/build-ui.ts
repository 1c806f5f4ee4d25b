import { access, copyFile, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { APP_SOURCE_DIR, uiAssets } from './ui-assets.js';
import type { UiAssets } from './ui-assets.js';

/** Options of {@link buildUi}: where to write (default `dist/`), and whether to minify (default yes). */
export interface BuildUiOptions {
  readonly outDir?: string;
  readonly minify?: boolean;
}

/**
 * Bundles the page with esbuild into content-hashed `app-<hash>.js` and `app-<hash>.css`, and
 * writes `index.html` naming them with relative URLs. The output is written beside the target
 * and renamed over it, so a server never sees half a build.
 */
export async function buildUi(options: BuildUiOptions = {}): Promise<UiAssets> {
  const target = uiAssets(options.outDir);
  const staging = `${target.dir}.tmp-${process.pid}-${Date.now()}`;
  // esbuild is loaded only when a build is needed, so serving a built page does not pay for it.
  const { build } = await import('esbuild');
  try {
    const result = await build({
      absWorkingDir: APP_SOURCE_DIR,
      entryPoints: { app: join(APP_SOURCE_DIR, 'main.tsx') },
      outdir: staging,
      entryNames: '[name]-[hash]',
      bundle: true,
      format: 'esm',
      platform: 'browser',
      target: ['chrome110', 'firefox110', 'safari16'],
      jsx: 'automatic',
      jsxImportSource: 'preact',
      minify: options.minify ?? true,
      sourcemap: 'linked',
      legalComments: 'linked',
      metafile: true,
      logLevel: 'silent',
    });
    const outputs = Object.keys(result.metafile.outputs).map((path) => basename(path));
    const script = outputs.find((name) => name.endsWith('.js'));
    const style = outputs.find((name) => name.endsWith('.css'));
    if (script === undefined || style === undefined) throw new Error(`web-ui build produced no script or stylesheet: ${outputs.join(', ')}`);
    const template = await readFile(join(APP_SOURCE_DIR, 'index.html'), 'utf8');
    const html = template.replace('{{script}}', `./${script}`).replace('{{style}}', `./${style}`);
    await writeFile(join(staging, 'index.html'), html);
    await copyFile(join(APP_SOURCE_DIR, 'favicon.svg'), join(staging, 'favicon.svg'));
    await rm(target.dir, { recursive: true, force: true });
    await mkdir(join(target.dir, '..'), { recursive: true });
    await rename(staging, target.dir).catch(async (error: unknown) => {
      // Another build (the install's, or another process's first request) finished first: keep it.
      if (!(await access(target.index).then(() => true, () => false))) throw error;
    });
    return target;
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}
