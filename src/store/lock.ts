/**
 * One process per data directory: two bots (or a bot and a batch run) writing the same files would lose each
 * other's changes. The lock file `store.lock` holds pid, host and time; it is created exclusively (written to a
 * temp file, then hard-linked into place, which fails if the name exists, like O_EXCL, but never shows a
 * half-written lock). A lock whose process is gone on this host is stale and taken over.
 */
import { randomUUID } from 'node:crypto';
import { unlinkSync } from 'node:fs';
import { link, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { CertVerifyError } from '../domain/errors.js';
import { logger } from '../util/logger.js';
import { FILE_MODE, storeWriteError } from './store-fs.js';

const log = logger('store');

/** Name of the lock file inside the data directory. */
export const LOCK_FILE = 'store.lock';

/** What the lock file holds. */
export interface LockInfo {
  pid: number;
  host: string;
  /** ISO instant the lock was taken. */
  at: string;
  /** Unique per acquisition, so a release never removes someone else's lock. */
  token: string;
}

/** A held directory lock. */
export interface DirLock {
  /** Remove the lock file (also done on process exit). */
  release(): Promise<void>;
}

/**
 * Take the lock of `dataDir` (which must exist). Rejects with `store_locked` when another live process holds it,
 * with `store_full` when the disk is too full to write the lock file.
 */
export async function acquireDirLock(dataDir: string): Promise<DirLock> {
  const path = join(dataDir, LOCK_FILE);
  const info: LockInfo = {
    pid: process.pid,
    host: hostname(),
    at: new Date().toISOString(),
    token: randomUUID(),
  };
  const temp = `${path}.${info.token}`;
  await writeFile(temp, `${JSON.stringify(info)}\n`, { mode: FILE_MODE, flag: 'wx' }).catch(
    async (error: unknown) => {
      // A full disk creates the file and then fails to write it: leave no empty lock file behind.
      await unlink(temp).catch(() => {});
      throw storeWriteError(error, path);
    },
  );
  try {
    if (!(await tryLink(temp, path))) {
      await takeOverIfStale(path, dataDir);
      if (!(await tryLink(temp, path))) throw lockedError(dataDir, await readLock(path));
    }
  } finally {
    await unlink(temp);
  }
  return holdLock(path, info.token);
}

/** Whether `temp` became the lock file (false when a lock file already exists). */
async function tryLink(temp: string, path: string): Promise<boolean> {
  try {
    await link(temp, path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
}

/**
 * Remove the lock at `path` when its holder is gone. The stale file is first renamed to a name of our own and
 * checked again, so two processes recovering at once cannot both remove a lock one of them just took.
 */
async function takeOverIfStale(path: string, dataDir: string): Promise<void> {
  const seen = await readLock(path);
  if (seen === 'absent') return;
  if (seen !== 'unreadable' && holderAlive(seen)) throw lockedError(dataDir, seen);
  const moved = `${path}.stale-${randomUUID()}`;
  try {
    await rename(path, moved);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return; // someone else removed it first
    throw error;
  }
  const taken = await readLock(moved);
  if (taken !== 'absent' && taken !== 'unreadable' && holderAlive(taken)) {
    // A live lock was taken between our two reads: put it back (unless yet another lock appeared) and refuse.
    await tryLink(moved, path);
    await unlink(moved);
    throw lockedError(dataDir, taken);
  }
  await unlink(moved);
  log.warn(
    seen === 'unreadable' ? { dataDir } : { dataDir, stalePid: seen.pid, staleAt: seen.at },
    '数据目录的锁已失效（持有它的进程已不存在），已接管',
  );
}

/** The lock file's content, `absent`, or `unreadable` (not written by this program: treated as stale). */
async function readLock(path: string): Promise<LockInfo | 'absent' | 'unreadable'> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'absent';
    throw error;
  }
  try {
    const info = JSON.parse(text) as Partial<LockInfo>;
    if (typeof info.pid === 'number' && typeof info.host === 'string' && typeof info.token === 'string') {
      return { pid: info.pid, host: info.host, at: String(info.at ?? ''), token: info.token };
    }
  } catch {
    // fall through: not a lock this program wrote
  }
  return 'unreadable';
}

/** Tokens of the locks this process holds (a lock with our pid but another token is a stale one of ours). */
const heldTokens = new Set<string>();

/** Whether the lock's holder may still be running. A holder on another host is assumed alive. */
function holderAlive(info: LockInfo): boolean {
  if (info.host !== hostname()) return true;
  if (info.pid === process.pid) return heldTokens.has(info.token);
  try {
    process.kill(info.pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function lockedError(dataDir: string, info: LockInfo | 'absent' | 'unreadable'): CertVerifyError {
  const who =
    typeof info === 'string'
      ? '另一个进程'
      : info.host === hostname()
        ? `另一个进程（pid ${info.pid}）`
        : `另一台主机 ${info.host} 上的进程（pid ${info.pid}）`;
  return new CertVerifyError(
    'store_locked',
    `数据目录 ${dataDir} 正被${who}使用。请先停止该进程，或用 --data-dir 指定另一个数据目录。`,
  );
}

/** Register the lock as ours and remove it on release or process exit. */
function holdLock(path: string, token: string): DirLock {
  heldTokens.add(token);
  const onExit = () => {
    try {
      unlinkSync(path);
    } catch {
      // already gone
    }
  };
  process.on('exit', onExit);
  let released = false;
  return {
    async release() {
      if (released) return;
      released = true;
      process.off('exit', onExit);
      heldTokens.delete(token);
      const current = await readLock(path);
      if (typeof current !== 'string' && current.token === token) await unlink(path);
    },
  };
}
