import { chmod, mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDataDirNotice } from '../../src/store/data-dir-privacy.js';
import { makeMissingPrivateDirs, makePrivateDir, writePrivateFile } from '../../src/store/private-files.js';
import { openStore } from '../../src/store/store.js';
import { permissions, tempDir } from './temp-dir.js';

const mode = async (path: string) => permissions((await stat(path)).mode);

let umask: number;
beforeEach(() => {
  umask = process.umask(0o022);
});
afterEach(() => {
  process.umask(umask);
});

describe('private files and folders, with umask 022', () => {
  it('makePrivateDir makes new folders 0700 and tightens one made beforehand', async () => {
    const dir = await tempDir();
    await makePrivateDir(join(dir, 'a', 'b'));
    expect([await mode(join(dir, 'a')), await mode(join(dir, 'a', 'b'))]).toEqual([0o700, 0o700]);
    await mkdir(join(dir, 'open'), { mode: 0o755 });
    await makePrivateDir(join(dir, 'open'));
    expect(await mode(join(dir, 'open'))).toBe(0o700);
  });

  it('makeMissingPrivateDirs makes the missing folders 0700 and leaves an existing one as it is', async () => {
    const dir = await tempDir();
    await chmod(dir, 0o755);
    await makeMissingPrivateDirs(join(dir, 'new', 'deeper'));
    expect([await mode(dir), await mode(join(dir, 'new')), await mode(join(dir, 'new', 'deeper'))]).toEqual([
      0o755, 0o700, 0o700,
    ]);
  });

  it('writePrivateFile writes 0600, also over a file that was 0644', async () => {
    const dir = await tempDir();
    const path = join(dir, 'out.xlsx');
    await writePrivateFile(path, Buffer.from('new'));
    expect(await mode(path)).toBe(0o600);
    await writeFile(path, 'old', { mode: 0o644 });
    await chmod(path, 0o644);
    await writePrivateFile(path, Buffer.from('newer'));
    expect(await mode(path)).toBe(0o600);
    expect(await readFile(path, 'utf8')).toBe('newer');
  });
});

describe('a data directory others can read', () => {
  it('is tightened to 0700 at start and reported, with the open folders in it', async () => {
    const dir = await tempDir();
    await chmod(dir, 0o755);
    await mkdir(join(dir, 'console-out'), { mode: 0o755 });
    await mkdir(join(dir, 'store'), { mode: 0o700 });
    const store = await openStore(dir, { cache: { positiveTtlDays: 7, negativeTtlDays: 1 } });
    try {
      expect(store.openedNotice).toBe(
        `注意：数据目录 ${dir} 原先其他用户也能访问，其中有身份证号和姓名；已改为仅本用户可访问（权限 700）：数据目录本身、console-out。`,
      );
      expect([await mode(dir), await mode(join(dir, 'console-out'))]).toEqual([0o700, 0o700]);
    } finally {
      await store.close();
    }
    const again = await openStore(dir, { cache: { positiveTtlDays: 7, negativeTtlDays: 1 } });
    expect(again.openedNotice).toBeUndefined();
    await again.close();
  });
});

describe('openDataDirNotice', () => {
  it('says which folders the bot could not tighten, and who must', () => {
    expect(openDataDirNotice('/srv/cv', { tightened: ['console-out'], stillOpen: ['.'] })).toBe(
      '注意：数据目录 /srv/cv 原先其他用户也能访问，其中有身份证号和姓名；已改为仅本用户可访问（权限 700）：console-out；无权修改、仍对其他用户开放：数据目录本身，请目录所有者执行 chmod 700。',
    );
    expect(openDataDirNotice('/srv/cv', { tightened: [], stillOpen: [] })).toBeUndefined();
  });
});
