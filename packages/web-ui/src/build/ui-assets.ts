import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Where the built page lives: the folder of static files and its `index.html`. */
export interface UiAssets {
  readonly dir: string;
  readonly index: string;
}

/** The package's own folder, two levels above this file (`src/build/`). */
export const PACKAGE_DIR = fileURLToPath(new URL('../../', import.meta.url));

/** The page's sources: `main.tsx`, `index.html`, the stylesheet and the icon. */
export const APP_SOURCE_DIR = join(PACKAGE_DIR, 'src', 'app');

/** The built page of this package (`packages/web-ui/dist/ui`, beside the compiled server code), whether or not it is built yet. */
export function uiAssets(dir: string = join(PACKAGE_DIR, 'dist', 'ui')): UiAssets {
  return { dir, index: join(dir, 'index.html') };
}
