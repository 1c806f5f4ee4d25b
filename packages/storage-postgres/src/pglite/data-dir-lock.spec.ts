import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { DataDirInUseError, LOCK_FILE, lockDataDir } from './data-dir-lock.js';

/** A pid no process has (above the kernel's pid_max). */
const DEAD_PID = 2 ** 22 + 17;

describe('lockDataDir', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'webhooks-lock-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('should take a free directory, naming this process, and give it up on release', async () => {
    const lock = await lockDataDir(join(dir, 'data'));
    const written = JSON.parse(await readFile(join(dir, 'data', LOCK_FILE), 'utf8')) as Record<string, unknown>;
    expect(written).toEqual({ pid: process.pid, host: hostname(), since: lock.holder.since });
    await lock.release();
    expect(await readdir(join(dir, 'data'))).toEqual([]);
    await (await lockDataDir(join(dir, 'data'))).release();
  });

  it('should refuse a directory a live process holds, naming it, even this very process', async () => {
    const lock = await lockDataDir(dir);
    await expect(lockDataDir(dir)).rejects.toThrow(new RegExp(`pid ${process.pid} on ${hostname()}, since ${lock.holder.since}`));
    await expect(lockDataDir(dir, { pid: 1, host: hostname() })).rejects.toBeInstanceOf(DataDirInUseError);
    await lock.release();
  });

  it('should take over a lock left by a process of this host that is gone', async () => {
    await writeFile(join(dir, LOCK_FILE), JSON.stringify({ pid: DEAD_PID, host: hostname(), since: '2026-01-01T00:00:00.000Z' }));
    const lock = await lockDataDir(dir);
    expect(lock.holder.pid).toBe(process.pid);
    expect((await readdir(dir)).sort()).toEqual([LOCK_FILE]);
    await lock.release();
  });

  it('should refuse a lock of another host, which it cannot check', async () => {
    await writeFile(join(dir, LOCK_FILE), JSON.stringify({ pid: DEAD_PID, host: 'elsewhere', since: '2026-01-01T00:00:00.000Z' }));
    await expect(lockDataDir(dir)).rejects.toThrow(`pid ${DEAD_PID} on elsewhere`);
    await expect(lockDataDir(dir)).rejects.toThrow(`remove ${join(dir, LOCK_FILE)}`);
  });

  it('should let exactly one of many concurrent starters over a stale lock take it', async () => {
    await writeFile(join(dir, LOCK_FILE), JSON.stringify({ pid: DEAD_PID, host: hostname(), since: '2026-01-01T00:00:00.000Z' }));
    const starters = await Promise.allSettled(Array.from({ length: 8 }, () => lockDataDir(dir)));
    const taken = starters.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
    expect(taken).toHaveLength(1);
    expect(starters.filter((s) => s.status === 'rejected').every((s) => s.reason instanceof DataDirInUseError)).toBe(true);
    expect(JSON.parse(await readFile(join(dir, LOCK_FILE), 'utf8'))).toEqual(taken[0]?.holder);
    await taken[0]?.release();
  });
});
