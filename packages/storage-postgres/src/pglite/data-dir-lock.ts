import { randomBytes } from 'node:crypto';
import { link, mkdir, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';

/** The file in a data directory that names the process holding it. */
export const LOCK_FILE = 'webhooks.lock';

/** Who holds a data directory, as its lock file says. */
export interface LockHolder {
  readonly pid: number;
  readonly host: string;
  /** When it took the directory (ISO 8601). */
  readonly since: string;
}

/** The embedded database's directory is held by another live process (or one on another host). */
export class DataDirInUseError extends Error {
  constructor(
    readonly dataDir: string,
    readonly holder: LockHolder,
  ) {
    super(
      `the embedded database in ${dataDir} is in use by another process: pid ${holder.pid} on ${holder.host}, since ${holder.since}. ` +
        'One process at a time may open it: stop that one first, or run several processes against a Postgres server (DATABASE_URL). ' +
        `If that process is gone for sure (another host cannot be checked from here), remove ${join(dataDir, LOCK_FILE)}.`,
    );
    this.name = 'DataDirInUseError';
  }
}

/** A directory taken by this process until `release`. */
export interface DataDirLock {
  readonly holder: LockHolder;
  /** Gives the directory up (removes the lock file if it is still this process's). */
  release(): Promise<void>;
}

/** Who we are, for the lock file (tests name others). */
export interface LockOwner {
  readonly pid: number;
  readonly host: string;
}

/** True when a process with this pid exists on this host (one of another user counts). */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function readHolder(path: string): Promise<LockHolder | null> {
  try {
    const parsed = JSON.parse(await readFile(path, 'utf8')) as Partial<LockHolder>;
    return typeof parsed.pid === 'number' && typeof parsed.host === 'string' && typeof parsed.since === 'string' ? { pid: parsed.pid, host: parsed.host, since: parsed.since } : null;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    if (error instanceof SyntaxError) return { pid: -1, host: 'unknown', since: 'unknown' };
    throw error;
  }
}

const errno = (error: unknown): string | undefined => (error as NodeJS.ErrnoException).code;
const sameHolder = (a: LockHolder | null, b: LockHolder) => a !== null && a.pid === b.pid && a.host === b.host && a.since === b.since;

/**
 * Takes `dataDir` for this process, or throws {@link DataDirInUseError} naming the process that
 * holds it. The lock file is written whole before it appears (written aside, then hard-linked
 * into place: `link` fails if the name exists, so two starters never both take it). A lock left
 * by a process of this host that no longer runs (killed with SIGKILL, say) is stale: it is moved
 * aside and the directory taken; had another starter taken the directory in between, its lock is
 * put back and this one refuses.
 */
export async function lockDataDir(dataDir: string, owner: LockOwner = { pid: process.pid, host: hostname() }): Promise<DataDirLock> {
  await mkdir(dataDir, { recursive: true });
  const path = join(dataDir, LOCK_FILE);
  const holder: LockHolder = { pid: owner.pid, host: owner.host, since: new Date().toISOString() };
  const release = async () => {
    if (sameHolder(await readHolder(path), holder)) await unlink(path).catch(() => undefined);
  };
  for (let attempt = 0; attempt < 5; attempt += 1) {
    const written = `${path}.${owner.pid}.${randomBytes(4).toString('hex')}`;
    await writeFile(written, JSON.stringify(holder));
    try {
      await link(written, path);
      return { holder, release };
    } catch (error) {
      if (errno(error) !== 'EEXIST') throw error;
    } finally {
      await unlink(written);
    }
    const current = await readHolder(path);
    if (current === null) continue; // released meanwhile
    if (current.host !== owner.host || current.pid === owner.pid || isAlive(current.pid)) throw new DataDirInUseError(dataDir, current);
    // Stale: move it aside, and check it was the one judged stale.
    const aside = `${path}.stale.${owner.pid}.${randomBytes(4).toString('hex')}`;
    try {
      await rename(path, aside);
    } catch (error) {
      if (errno(error) === 'ENOENT') continue;
      throw error;
    }
    const moved = await readHolder(aside);
    if (!sameHolder(moved, current) && moved !== null) {
      // Another starter took the directory between our read and our move: give it back.
      await link(aside, path).catch(() => undefined);
      await unlink(aside);
      throw new DataDirInUseError(dataDir, moved);
    }
    await unlink(aside);
  }
  throw new Error(`could not take ${path}: it kept changing`);
}
