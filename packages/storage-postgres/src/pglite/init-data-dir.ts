import { spawn } from 'node:child_process';
import { access, mkdir, readdir, rename, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { LOCK_FILE } from './data-dir-lock.js';

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
 * The child builds the database in a sibling folder whose entries are then moved into `dataDir`,
 * `PG_VERSION` last, so a crash half-way leaves no directory that looks like a database.
 * `dataDir` may exist, holding nothing or only this process's lock file; anything else in it is
 * refused, never removed (it may be a directory named by mistake).
 */
export async function initDataDir(dataDir: string): Promise<void> {
  await mkdir(dataDir, { recursive: true });
  const inTheWay = (await readdir(dataDir)).filter((name) => name !== LOCK_FILE);
  if (inTheWay.length > 0) {
    throw new Error(
      `DATA_DIR ${dataDir} holds no database but is not empty (${inTheWay.slice(0, 5).join(', ')}${inTheWay.length > 5 ? ', …' : ''}): ` +
        'name an empty or missing directory, or empty this one (a start interrupted while creating the database can leave its files there).',
    );
  }
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
    const entries = (await readdir(staging)).filter((name) => name !== MARKER);
    for (const name of [...entries, MARKER]) await rename(join(staging, name), join(dataDir, name));
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}
