/**
 * Photos kept as evidence when `photo.keepImages` is on: `photos/<sha256>.<format>` in the data directory, the
 * folder 0700 and each file 0600 (they show ID numbers and faces). Off by default: a finding keeps the hash only.
 */
import { join } from 'node:path';
import { sniffImage } from '../domain/image-format.js';
import { makePrivateDir, writePrivateFile } from './private-files.js';

/** The folder of kept photos inside the data directory. */
export const KEPT_PHOTOS_DIR = 'photos';

/** Save `bytes` (whose hash is `sha256`) under the data directory; resolves with the path relative to it. */
export async function keepPhoto(dataDir: string, sha256: string, bytes: Buffer): Promise<string> {
  if (!/^[0-9a-f]{64}$/.test(sha256)) throw new Error('a kept photo is named by its sha256');
  const dir = join(dataDir, KEPT_PHOTOS_DIR);
  await makePrivateDir(dir);
  const name = `${sha256}.${sniffImage(bytes) ?? 'bin'}`;
  await writePrivateFile(join(dir, name), bytes);
  return `${KEPT_PHOTOS_DIR}/${name}`;
}
