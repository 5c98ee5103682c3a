/**
 * The one place where the bot makes folders and writes plain files: every folder 0700, every file 0600,
 * whatever the umask and whoever made the folder first (they hold ID numbers and names). `mkdir`'s mode is
 * masked by the umask and never changes a folder that already exists, and `open`'s mode never changes a file
 * that already exists, so both are set explicitly afterwards.
 */
import { dirname } from 'node:path';
import { DIR_MODE, FILE_MODE, realFs, type StoreFs } from './store-fs.js';

/** Bits that let the group or others read, write or enter. */
const OPEN_TO_OTHERS = 0o077;

/** Whether a file mode lets anyone but the owner in. */
export function isOpenToOthers(mode: number): boolean {
  return (mode & OPEN_TO_OTHERS) !== 0;
}

/** Make `dir` (a folder the bot owns) and any parent it has to create 0700; an existing `dir` is tightened. */
export async function makePrivateDir(dir: string, fs: StoreFs = realFs): Promise<void> {
  const first = await fs.mkdir(dir, { recursive: true, mode: DIR_MODE });
  await chmodCreated(dir, first ?? dir, fs);
}

/**
 * Make the folders up to `dir` that are missing, each 0700, for a file a person asked for (`--out`): a folder
 * that already exists is theirs (often the current directory) and is left as it is.
 */
export async function makeMissingPrivateDirs(dir: string, fs: StoreFs = realFs): Promise<void> {
  const first = await fs.mkdir(dir, { recursive: true, mode: DIR_MODE });
  if (first !== undefined) await chmodCreated(dir, first, fs);
}

/**
 * Write `bytes` to `path`, owner read/write only; a file already there is tightened before it is filled. A write
 * that fails (a full disk) removes the file rather than leave it empty or cut short.
 */
export async function writePrivateFile(path: string, bytes: Uint8Array, fs: StoreFs = realFs): Promise<void> {
  const handle = await fs.open(path, 'w', FILE_MODE);
  try {
    try {
      await handle.chmod(FILE_MODE);
      await handle.writeFile(bytes);
    } finally {
      await handle.close();
    }
  } catch (error) {
    await fs.unlink(path).catch(() => {});
    throw error;
  }
}

/** `mkdir -p` then chmod 0700 on `dir` and each parent up to `first`, the top folder `mkdir` created. */
async function chmodCreated(dir: string, first: string, fs: StoreFs): Promise<void> {
  for (let d = dir; ; d = dirname(d)) {
    await fs.chmod(d, DIR_MODE);
    if (d === first || dirname(d) === d) return;
  }
}
