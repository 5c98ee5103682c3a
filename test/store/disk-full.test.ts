/**
 * A full disk under the bot's embedded database, on a real tiny tmpfs when this machine lets the tests mount one:
 * a write PGlite cannot make says so in Chinese with what to do and goes through once space is freed; a command
 * started on a disk with no room says the database cannot start (it writes as it starts) instead of PGlite's
 * "failed to initialize", and works again once space is freed. A server's disk_full is put in its own words.
 */
import { execFileSync } from 'node:child_process';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SqlDb } from '../../src/sql/db.js';
import { openPgliteDb } from '../../src/sql/pglite-db.js';
import { DatabaseFullError, fullDiskInWords } from '../../src/store/sql/database-full.js';
import { startCli } from '../faults/child-cli.js';
import { tempDir } from './temp-dir.js';

/** Room for PGlite's first start (about 40 MB) and a little more. */
const TMPFS_SIZE = '96m';

/** A tmpfs mounted at `at` for the test, or false where mounting is not permitted. */
function mountTiny(at: string): boolean {
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${TMPFS_SIZE},mode=0700`, 'tmpfs', at], {
      stdio: 'ignore',
    });
    return true;
  } catch {
    return false;
  }
}

const place = join('/tmp', `cert-full-${process.pid}`);
const filler = join(place, 'filler');
let mounted = false;

beforeAll(async () => {
  await mkdir(place, { recursive: true });
  mounted = mountTiny(place);
});

afterAll(async () => {
  if (mounted) execFileSync('umount', [place]);
  await rm(place, { recursive: true, force: true });
});

/** Fill the file system holding the tmpfs to the last byte. */
async function fill(): Promise<void> {
  await writeFile(filler, Buffer.alloc(256 * 2 ** 20)).catch(() => {});
}

/** `cert-verify <args>` in a child process with its own embedded database; its exit code and standard error. */
async function cli(...args: string[]): Promise<{ code: number | null; err: string }> {
  const child = startCli(args);
  child.process.stdin?.end();
  const { code } = await child.exited;
  return { code, err: child.stderr() };
}

describe('a full disk under the embedded database (a real tiny tmpfs)', () => {
  it('a write that cannot be made is said in Chinese, nothing half-kept, and goes through once space is freed', async (context) => {
    if (!mounted) context.skip();
    const dir = join(place, 'writes');
    const db = fullDiskInWords(await openPgliteDb(dir), { embedded: dir });
    try {
      // Stored uncompressed, so each row takes its full size on disk.
      await db.exec(
        'create table notes (body text not null); alter table notes alter body set storage external',
      );
      await fill();
      const { refused, inserted } = await insertUntilRefused(db);
      expect(refused).toBeInstanceOf(DatabaseFullError);
      // The refused statement left none of its rows.
      expect(await count(db)).toBe(inserted);
      expect((refused as Error).message).toBe(
        `磁盘空间已满，内置数据库（${dir}）无法写入，这次的改动没有保存。请清理该磁盘（或用 --data-dir 改用空间充足的磁盘上的数据目录）后重试；已保存的数据不受影响。`,
      );
      await rm(filler);
      await db.query(`insert into notes select repeat('x', 4000) from generate_series(1, 100)`);
      expect(await count(db)).toBe(inserted + 100);
    } finally {
      await db.close();
      await rm(filler, { force: true });
    }
  }, 120_000);

  it('a command started on a full disk says the database cannot start, and runs once space is freed', async (context) => {
    if (!mounted) context.skip();
    const dataDir = join(place, 'data');
    const out = await tempDir();
    const exportFindings = (file: string) =>
      cli('--data-dir', dataDir, 'export', 'findings', '--out', join(out, file));
    expect(await exportFindings('first.xlsx')).toMatchObject({ code: 0 });

    await fill();
    const refused = await exportFindings('full.xlsx');
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(
      new RegExp(
        `^磁盘空间已满（剩余 \\d+ KB），内置数据库（${join(dataDir, 'store', 'pg')}）无法启动：它启动时就要写入磁盘。请清理该磁盘`,
      ),
    );
    expect(refused.err).not.toMatch(/PGlite|initiali[sz]e/i);

    await rm(filler);
    expect(await exportFindings('again.xlsx')).toMatchObject({ code: 0 });
  }, 180_000);
});

describe('a full disk under a database server', () => {
  it('is the server administrator’s to free, said so; other errors pass as they are', async () => {
    const failing = (code: string): SqlDb => {
      const error = Object.assign(
        new Error('could not extend file "base/5/16443": No space left on device'),
        {
          code,
        },
      );
      return {
        driver: 'pg',
        query: async () => Promise.reject(error),
        exec: async () => Promise.reject(error),
        transaction: async (work) => work({ query: async () => Promise.reject(error), exec: async () => {} }),
        close: async () => {},
      };
    };
    const full = fullDiskInWords(failing('53100'), { server: true });
    await expect(full.query('insert into notes values (1)')).rejects.toThrow(
      /^数据库服务器的磁盘空间已满（PostgreSQL 报告 53100 disk_full），这次的改动没有保存。请数据库管理员清理空间后重试/,
    );
    await expect(full.transaction((tx) => tx.query('insert into notes values (1)'))).rejects.toBeInstanceOf(
      DatabaseFullError,
    );
    const unique = fullDiskInWords(failing('23505'), { server: true });
    await expect(unique.query('insert into notes values (1)')).rejects.toMatchObject({ code: '23505' });
  });
});

/** Insert 500 rows at a time until the database refuses: what it threw, and the rows it took before. */
async function insertUntilRefused(db: SqlDb): Promise<{ refused: unknown; inserted: number }> {
  let inserted = 0;
  for (let round = 0; round < 1_000; round++) {
    try {
      await db.query(
        `insert into notes select repeat(md5(random()::text), 125) from generate_series(1, 500)`,
      );
      inserted += 500;
    } catch (error) {
      return { refused: error, inserted };
    }
  }
  return { refused: undefined, inserted };
}

async function count(db: SqlDb): Promise<number> {
  const [row] = await db.query<{ n: number }>('select count(*)::int as n from notes');
  return row?.n ?? 0;
}
