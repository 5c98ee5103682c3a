/**
 * The store's files on disk: the file-system seam (tests make one call fail), the modes of what it writes, reading
 * a file that may be missing, and a full disk said as such.
 */
import * as fsp from 'node:fs/promises';
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

/** The file's text, or `null` when there is no file. */
export async function readTextIfExists(fs: StoreFs, path: string): Promise<string | null> {
  try {
    return await fs.readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
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

/** Mode of directories the store creates: owner only. */
export const DIR_MODE = 0o700;
