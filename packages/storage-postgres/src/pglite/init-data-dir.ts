import { spawn } from 'node:child_process';
import { access, mkdir, rename, rm, rmdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** The file whose presence says a directory holds a database (initdb writes it). */
const MARKER = 'PG_VERSION';

/** True when `dataDir` holds a database already. */
export async function hasDatabase(dataDir: string): Promise<boolean> {
  return access(join(dataDir, MARKER)).then(
    () => true,
    () => false,
  );
}

// Run by a child node: creates the database in argv[2] with the PGlite of argv[1], and closes it.
const CHILD = `
const { PGlite } = require(process.argv[1]);
PGlite.create(process.argv[2]).then((db) => db.close()).then(
  () => process.exit(0),
  (error) => { process.stderr.write(String(error && error.message || error)); process.exit(1); },
);`;

/**
 * Creates a database in `dataDir` (which must not hold one) by running PGlite's initdb in a
 * child process. In the process itself, initdb would leave its memory behind for good (WebAssembly
 * memory does not shrink): about 800 MB of RSS where opening an existing directory takes under 200.
 * The child builds the database in a sibling folder, renamed into place when complete, so a
 * crash half-way leaves no half-made database.
 */
export async function initDataDir(dataDir: string): Promise<void> {
  const staging = `${dataDir.replace(/\/+$/, '')}.initdb-${process.pid}-${Date.now()}`;
  await mkdir(dirname(staging), { recursive: true });
  try {
    const pglite = createRequire(import.meta.url).resolve('@electric-sql/pglite');
    await new Promise<void>((resolve, reject) => {
      const child = spawn(process.execPath, ['-e', CHILD, pglite, staging], { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, NODE_OPTIONS: '' } });
      let stderr = '';
      child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
      child.once('error', reject);
      child.once('exit', (code, signal) => (code === 0 ? resolve() : reject(new Error(`initdb of the embedded database failed (${signal ?? `exit code ${code}`}): ${stderr.slice(0, 500)}`))));
    });
    // An empty directory in the way (made by hand, or by an older start) is replaced.
    await rmdir(dataDir).catch(() => undefined);
    await rename(staging, dataDir);
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}
