/**
 * The data directory holds ID numbers and names: at start, the directory and the folders directly in it that
 * let the group or others in (a directory made beforehand with the usual 0755, copies from an older version)
 * are tightened to 0700 and reported. Files are left as they are: behind a 0700 directory nobody else reaches
 * them, and every file the bot writes is 0600 (private-files.ts).
 */
import { join } from 'node:path';
import { isOpenToOthers } from './private-files.js';
import { DIR_MODE, type StoreFs } from './store-fs.js';

/** The folders that were open to others: `.` for the data directory itself, else the folder's name. */
export interface OpenFolders {
  /** Now 0700. */
  tightened: string[];
  /** Still open: the bot may not change them (another user's folders). */
  stillOpen: string[];
}

/** Tighten the open folders of `dir` to 0700 where the bot may. */
export async function tightenDataDir(dir: string, fs: StoreFs): Promise<OpenFolders> {
  const entries = await fs.readdir(dir, { withFileTypes: true });
  const folders = ['.', ...entries.filter((e) => e.isDirectory()).map((e) => e.name)];
  const open: OpenFolders = { tightened: [], stillOpen: [] };
  for (const folder of folders) {
    const path = join(dir, folder);
    if (!isOpenToOthers((await fs.stat(path)).mode)) continue;
    try {
      await fs.chmod(path, DIR_MODE);
      open.tightened.push(folder);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EPERM') throw error;
      open.stillOpen.push(folder);
    }
  }
  return open;
}

/** The sentence that tells the operator, or undefined when nothing was open. */
export function openDataDirNotice(dataDir: string, open: OpenFolders): string | undefined {
  const names = (folders: string[]) => folders.map((f) => (f === '.' ? '数据目录本身' : f)).join('、');
  const parts: string[] = [];
  if (open.tightened.length > 0) parts.push(`已改为仅本用户可访问（权限 700）：${names(open.tightened)}`);
  if (open.stillOpen.length > 0)
    parts.push(`无权修改、仍对其他用户开放：${names(open.stillOpen)}，请目录所有者执行 chmod 700`);
  if (parts.length === 0) return undefined;
  return `注意：数据目录 ${dataDir} 原先其他用户也能访问，其中有身份证号和姓名；${parts.join('；')}。`;
}
