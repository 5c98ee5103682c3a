/**
 * `photos/<sha256>.<format>` in the data directory: the photos kept as evidence before the SQL store. Read only,
 * by `store migrate`.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { KEPT_PHOTOS_DIR, type KeptPhoto } from '../kept-photos.js';

/** The kept photos of the data directory `dir` (none when it has no photos folder). */
export async function readPhotosDir(dir: string): Promise<KeptPhoto[]> {
  const folder = join(dir, KEPT_PHOTOS_DIR);
  const names = await readdir(folder).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return [];
    throw error;
  });
  const photos: KeptPhoto[] = [];
  for (const name of names.sort()) {
    const parts = /^([0-9a-f]{64})\.([a-z]+)$/.exec(name);
    if (parts?.[1] === undefined || parts[2] === undefined) continue;
    photos.push({ sha256: parts[1], format: parts[2], bytes: await readFile(join(folder, name)) });
  }
  return photos;
}
