/**
 * Durable file replacement for the store: a crash at any moment leaves either the old file or the new one,
 * never a torn one (temp file in the same directory, fsync, rename over, fsync the directory), mode 0600.
 * File-system calls go through a small seam so tests can make one step fail.
 */
import * as fsp from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { CertVerifyError } from '../domain/errors.js';
import { diskFullText } from './store-words.js';

/** The file-system calls the store makes; tests pass a copy of `node:fs/promises` with one call replaced. */
export type StoreFs = Pick<
  typeof fsp,
  'open' | 'rename' | 'readFile' | 'readdir' | 'unlink' | 'mkdir' | 'chmod' | 'stat'
>;

/** The real file system. */
export const realFs: StoreFs = fsp;

/** File mode of every store file: owner read/write only (personal information). */
export const FILE_MODE = 0o600;

let tempCounter = 0;

/** Prefix of the temp files a write of `path` uses (and leaves behind if it is interrupted). */
function tempPrefix(path: string): string {
  return `${basename(path)}.tmp-`;
}

/** The file's text, or `null` when there is no file. */
export async function readTextIfExists(fs: StoreFs, path: string): Promise<string | null> {
  try {
    return await fs.readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

/**
 * Replace `path` with `text`; resolves once the new content and its directory entry are on disk. A write that
 * fails (a full disk) removes its temp file and rejects with StoreFullError when the disk is full.
 */
export async function writeFileAtomic(fs: StoreFs, path: string, text: string): Promise<void> {
  const dir = dirname(path);
  const temp = join(dir, `${tempPrefix(path)}${process.pid}-${++tempCounter}`);
  const handle = await fs.open(temp, 'wx', FILE_MODE).catch((error: unknown) => {
    throw storeWriteError(error, path);
  });
  try {
    try {
      // The open mode is masked by the umask: set it explicitly, the file replaces one holding personal data.
      await handle.chmod(FILE_MODE);
      await handle.writeFile(text, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fs.rename(temp, path);
  } catch (error) {
    await fs.unlink(temp).catch(() => {});
    throw storeWriteError(error, path);
  }
  await syncDir(fs, dir);
}

/** Whether `error` says the disk (or the user's quota) is full. */
export function isDiskFull(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code === 'ENOSPC' || code === 'EDQUOT';
}

/** A store file could not be written because the disk is full; the message says what to do, in Chinese. */
export class StoreFullError extends CertVerifyError {
  constructor(path: string, options?: { cause?: unknown }) {
    super('store_full', diskFullText(path), options);
  }
}

/** `error` as the store reports it: a full disk becomes StoreFullError naming `path`, anything else is kept. */
export function storeWriteError(error: unknown, path: string): unknown {
  return isDiskFull(error) && !(error instanceof StoreFullError)
    ? new StoreFullError(path, { cause: error })
    : error;
}

/**
 * Delete the temp files that interrupted writes of `path` left (the file itself is intact: their rename
 * never happened). Returns the names removed.
 */
export async function removeLeftoverTemps(fs: StoreFs, path: string): Promise<string[]> {
  const prefix = tempPrefix(path);
  const names = (await fs.readdir(dirname(path))).filter((n) => n.startsWith(prefix));
  for (const name of names) await fs.unlink(join(dirname(path), name));
  return names;
}

/** Make a rename (or a new file) inside `dir` durable. */
export async function syncDir(fs: StoreFs, dir: string): Promise<void> {
  const handle = await fs.open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Mode of directories the store creates: owner only. */
export const DIR_MODE = 0o700;
