/**
 * The data directory holds ID numbers and names: at start, the directory and the folders directly in it that
 * let the group or others in (a directory made beforehand with the usual 0755, copies from an older version)
 * are tightened to 0700 and reported. Files are left as they are: behind a 0700 directory nobody else reaches
 * them, and every file the bot writes is 0600 (private-files.ts).
 */
import { join } from 'node:path';
import { DIR_MODE, type StoreFs } from './atomic-write.js';
import { isOpenToOthers } from './private-files.js';

/** Tighten the open folders of `dir` to 0700; returns them (`.` for `dir` itself, else the folder's name). */
export async function tightenDataDir(dir: string, fs: StoreFs): Promise<string[]> {
  const entries = await fs.readdir(dir, { withFileTypes: true });
  const folders = ['.', ...entries.filter((e) => e.isDirectory()).map((e) => e.name)];
  const opened: string[] = [];
  for (const folder of folders) {
    const path = join(dir, folder);
    if (!isOpenToOthers((await fs.stat(path)).mode)) continue;
    await fs.chmod(path, DIR_MODE);
    opened.push(folder);
  }
  return opened;
}

/** The sentence that tells the operator, or undefined when nothing was open. */
export function openDataDirNotice(dataDir: string, folders: readonly string[]): string | undefined {
  if (folders.length === 0) return undefined;
  const names = folders.map((f) => (f === '.' ? '数据目录本身' : f)).join('、');
  return `注意：数据目录 ${dataDir} 原先其他用户也能访问（${names}），其中有身份证号和姓名；已改为仅本用户可访问（权限 700）。`;
}
