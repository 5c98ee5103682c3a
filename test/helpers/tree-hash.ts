/**
 * One hash of a directory tree: every path under it, each file's mode and bytes. Equal before and after a
 * command = the command wrote nothing there (no file changed, added, removed, or made readable to others).
 */
import { createHash } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';

export async function treeHash(root: string): Promise<string> {
  const hash = createHash('sha256');
  const entries = await readdir(root, { recursive: true });
  for (const entry of entries.sort()) {
    const path = join(root, entry);
    const info = await stat(path);
    hash.update(`${relative(root, path)}\0${info.mode}\0`);
    if (info.isFile()) hash.update(await readFile(path));
  }
  return hash.digest('hex');
}
