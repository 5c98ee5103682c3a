import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it, type MockInstance, vi } from 'vitest';
import { runCli } from '../../src/cli/run.js';
import type { MigrationKind } from '../../src/store/migrate/kind.js';
import { openTestStoreDb } from '../helpers/store-databases.js';
import { treeHash } from '../helpers/tree-hash.js';
import { brokenKind, linesKind, losingKind } from '../store/migrate/lines-kind.js';

// The command runs whatever kinds this list holds (the real ones come with their moves into the database).
const kinds = vi.hoisted(() => [] as MigrationKind[]);
vi.mock('../../src/store/migrate/kinds.js', () => ({ MIGRATION_KINDS: kinds }));

// The suite's shared database starts here (seconds of PGlite), not inside the first test.
beforeAll(() => openTestStoreDb(join(tmpdir(), 'store-migrate-warm-up')));

let out: MockInstance;
let err: MockInstance;
let dir: string;
let from: string;
let dataDir: string;

beforeEach(async () => {
  out = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  err = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  dir = await mkdtemp(join(tmpdir(), 'store-migrate-'));
  from = join(dir, 'old');
  dataDir = join(dir, 'new');
  await mkdir(from);
  await writeFile(join(from, 'cache.jsonl'), '{"a":1}\n{"b":2}\n{"c":3}\n');
  await writeFile(join(from, 'registry.json'), '{}');
  kinds.splice(0, kinds.length, linesKind);
});
afterEach(async () => {
  vi.restoreAllMocks();
  await rm(dir, { recursive: true, force: true });
});

const printed = (spy: MockInstance) => spy.mock.calls.map((c) => String(c[0])).join('');
const migrate = (...more: string[]) =>
  runCli(['--data-dir', dataDir, 'store', 'migrate', '--from', from, ...more]);

describe('cert-verify store migrate', () => {
  it('prints the counts per kind, adds nothing the second time and never writes the files it reads', async () => {
    const before = await treeHash(from);
    expect(await migrate()).toBe(0);
    const table = printed(out);
    expect(table).toContain('种类');
    expect(table).toMatch(/测试行（lines）\s+3\s+3\s+3/);
    expect(table).toContain('迁移完成：1 种记录，文件中共 3 条，库中都有；本次写入 3 条。');
    out.mockClear();

    expect(await migrate('--json')).toBe(0);
    expect(JSON.parse(printed(out))).toEqual({
      from,
      complete: true,
      kinds: [{ name: 'lines', label: '测试行', read: 3, stored: 3, added: 0 }],
    });
    expect(await treeHash(from)).toBe(before);
  });

  it('takes the records the files gained since the last run', async () => {
    expect(await migrate()).toBe(0);
    await writeFile(join(from, 'cache.jsonl'), '{"a":1}\n{"b":2}\n{"c":3}\n{"d":4}\n');
    out.mockClear();
    expect(await migrate('--json')).toBe(0);
    expect(JSON.parse(printed(out)).kinds).toEqual([
      { name: 'lines', label: '测试行', read: 4, stored: 4, added: 1 },
    ]);
  });

  it('refuses to finish naming each kind whose database holds fewer records than its files', async () => {
    kinds.splice(0, kinds.length, linesKind, losingKind);
    expect(await migrate()).toBe(1);
    expect(printed(out)).toMatch(/丢行（losing）\s+3\s+2\s+0/);
    expect(printed(out)).toContain('有 1 种记录的条数不一致');
    const said = printed(err);
    expect(said).toContain('拒绝完成迁移：「丢行」（losing）文件中 3 条、库中 2 条');
    expect(said).not.toContain('测试行');

    out.mockClear();
    expect(await migrate('--json')).toBe(1);
    expect(JSON.parse(printed(out)).complete).toBe(false);
  });

  it('names the kind that failed', async () => {
    kinds.splice(0, kinds.length, linesKind, brokenKind);
    expect(await migrate()).toBe(1);
    expect(printed(err)).toContain('迁移「坏种类」（broken）时出错：文件无法解析');
  });

  it('refuses a directory that is missing or holds no file of a data directory, before opening the store', async () => {
    await rm(from, { recursive: true });
    expect(await migrate()).toBe(2);
    expect(printed(err)).toContain(`找不到要迁移的数据目录 ${from}`);

    await mkdir(from);
    await writeFile(join(from, 'notes.txt'), 'not a data directory');
    err.mockClear();
    expect(await migrate()).toBe(2);
    expect(printed(err)).toContain('不像是数据目录，未迁移任何记录');
    expect(await readdir(dir)).toEqual(['old']);
  });

  it('wants --from', async () => {
    expect(await runCli(['--data-dir', dataDir, 'store', 'migrate'])).toBe(2);
    expect(printed(err)).toContain('缺少必需的选项');
  });
});
