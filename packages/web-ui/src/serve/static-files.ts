import { readdir, readFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { contentTypeOf } from './content-types.js';

/** One built file held in memory. */
export interface StaticFile {
  readonly body: Buffer;
  readonly type: string;
}

/**
 * Every file under `dir`, keyed by its path relative to it with `/` separators (`app-X.js`).
 * Only these keys are ever served, so no request path can reach outside the folder.
 */
export async function loadStaticFiles(dir: string): Promise<ReadonlyMap<string, StaticFile>> {
  const files = new Map<string, StaticFile>();
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  for (const entry of entries) {
    if (!entry.isFile()) continue;
    const absolute = join(entry.parentPath, entry.name);
    const key = relative(dir, absolute).split(sep).join('/');
    files.set(key, { body: await readFile(absolute), type: contentTypeOf(key) });
  }
  return files;
}
