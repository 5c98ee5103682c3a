/**
 * `cert-verify import` on real files in a real data directory: what it prints, what a re-import replaces, and
 * that the pipeline then answers from the registry without asking the platform.
 */
import { copyFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, type MockInstance, vi } from 'vitest';
import { runCli } from '../../src/cli/run.js';
import { queryFromIdCheck, validateIdNumber } from '../../src/domain/id-number.js';
import type { CertificateLookup } from '../../src/lookup/port.js';
import { openStore } from '../../src/store/store.js';
import { createPipeline } from '../../src/verify/pipeline.js';
import { defaultRules } from '../domain/ids.js';
import { csvText, encode, validId } from '../roster/files.js';
import { tempDir } from '../store/temp-dir.js';

const TODAY = '2026-11-24';
const HEADER = ['姓名', '身份证号', '人员类型', '操作项目', '有效期至', '应复审日期'];
const row = (n: number, until = '2030-05-01') => [
  `人员${n}`,
  validId(n),
  '特种作业人员',
  '低压电工作业',
  until,
  '2027-05-01',
];

let out: MockInstance;
let dataDir: string;
let dir: string;

beforeEach(async () => {
  out = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  dataDir = await tempDir();
  dir = await tempDir();
});
afterEach(() => vi.restoreAllMocks());

/** Run `import` and return its exit code and what it printed on stdout. */
async function runImport(file: string, ...flags: string[]): Promise<{ code: number; printed: string }> {
  out.mockClear();
  const code = await runCli(['--data-dir', dataDir, '--today', TODAY, ...flags, 'import', file]);
  return { code, printed: out.mock.calls.map((c) => String(c[0])).join('') };
}

async function importJson(file: string) {
  const { code, printed } = await runImport(file, '--json');
  expect(code).toBe(0);
  return JSON.parse(printed);
}

async function writeLedger(name: string, rows: string[][]): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, encode(csvText([HEADER, ...rows]), 'gbk'));
  return path;
}

describe('cert-verify import', () => {
  it('prints a Chinese summary with the skipped rows, never a full ID', async () => {
    const bad = [`坏人`, `${validId(9).slice(0, 17)}Y`, '特种作业人员', '低压电工作业', '2030-01-01', ''];
    const file = await writeLedger('台账.csv', [row(1), bad, row(2)]);
    const { code, printed } = await runImport(file);
    expect(code).toBe(0);
    expect(printed).toContain(
      '已导入「台账.csv」：登记库中该文件现有 2 条证书（新增 2 条，移除 0 条），跳过 1 条有问题的记录',
    );
    expect(printed).toContain('跳过 第 3 行：身份证号无效');
    expect(printed).not.toContain(validId(1));
  });

  it('replaces a file on re-import: same file, edited file, renamed copy', async () => {
    const file = await writeLedger('ledger.csv', [row(1), row(2), row(3)]);
    expect(await importJson(file)).toMatchObject({
      format: 'ledger',
      added: 3,
      removed: 0,
      total: 3,
      skipped: 0,
    });
    expect(await importJson(file)).toMatchObject({ added: 0, removed: 0, total: 3 });

    await writeLedger('ledger.csv', [row(1), row(2, '2031-01-01'), row(4)]);
    expect(await importJson(file)).toMatchObject({ added: 2, removed: 2, total: 3 });

    const copy = join(dir, '台账副本.csv');
    await copyFile(file, copy);
    expect(await importJson(copy)).toMatchObject({ added: 0, removed: 0, total: 3 });

    const other = await writeLedger('other.csv', [row(5)]);
    expect(await importJson(other)).toMatchObject({ added: 1, total: 1 });

    const registry = await registryHeld();
    expect(registry.sources.sort()).toEqual([copy, other].sort());
    expect(registry.ids.sort()).toEqual([validId(1), validId(2), validId(4), validId(5)].sort());
  });

  it('imports the JSON data file and the shipped sample ledger', async () => {
    const people = await importJson('data/samples/people.json');
    expect(people).toMatchObject({ format: 'json', added: 34, total: 34, skipped: 0 });
    expect(people.warnings).toEqual([expect.stringContaining('4 条历史证书')]);

    const ledger = await importJson('data/samples/ledger-demo.xlsx');
    expect(ledger).toMatchObject({ format: 'ledger', total: 6, skipped: 1 });
    expect(ledger.skippedRows).toEqual([
      { where: '第 10 行', row: 10, problems: [expect.stringContaining('这里是 16 位')] },
    ]);
  });

  it('refuses a file with nothing to import and leaves the registry as it was', async () => {
    const good = await writeLedger('ledger.csv', [row(1)]);
    await importJson(good);
    await writeLedger('ledger.csv', [['无期', validId(1), '特种作业人员', '低压电工作业', '', '']]);
    const err = vi.mocked(process.stderr.write);
    err.mockClear();
    const { code } = await runImport(good);
    expect(code).toBe(2);
    expect(err.mock.calls.map((c) => String(c[0])).join('')).toContain(
      '没有可导入的证书，登记库未改动（第 2 行：缺少有效期结束日期）',
    );
    expect((await registryHeld()).ids).toHaveLength(1);
  });

  /** The registry's sources (their files) and records (their ID numbers), as the store holds them. */
  async function registryHeld() {
    const store = await openStore(dataDir, { cache: { positiveTtlDays: 7, negativeTtlDays: 1 } });
    try {
      const sources = (await store.registry.sources()).map((s) => s.file);
      const rows = await store.db.query<{ id_number: string }>('select id_number from registry_records');
      return { sources, ids: rows.map((r) => r.id_number) };
    } finally {
      await store.close();
    }
  }

  /** What the pipeline over the data directory says of person `n`, and which kinds it asked the platform. */
  async function verifyImported(n: number) {
    const store = await openStore(dataDir, { cache: { positiveTtlDays: 7, negativeTtlDays: 1 } });
    const asked: string[] = [];
    const national: CertificateLookup = {
      async lookup(request) {
        asked.push(request.personType);
        return { current: [], history: [] };
      },
    };
    try {
      const pipeline = createPipeline({ store, national, rules: defaultRules() });
      const ctx = { requester: { channel: 'cli' as const, userId: 't' }, today: TODAY };
      const query = queryFromIdCheck(validateIdNumber(validId(n), TODAY), { name: `人员${n}` });
      return {
        verdict: await pipeline.verify(query, ctx),
        asked,
        known: await pipeline.knownName(validId(n)),
      };
    } finally {
      await store.close();
    }
  }

  it('makes the pipeline answer from an official export before the platform', async () => {
    const path = join(dir, 'export.json');
    const entry = { kind: 'special', idNumber: validId(1), name: '人员1', item: '低压电工作业' };
    await writeFile(path, JSON.stringify({ certificates: [{ ...entry, validUntil: '2030-05-01' }] }));
    const report = await importJson(path);
    expect(report).toMatchObject({ provenance: 'official', enterprise: null });
    const { verdict, asked } = await verifyImported(1);
    expect(verdict).toMatchObject({ status: 'valid', source: 'registry' });
    expect(asked).toEqual([]);
    expect((await verifyImported(7)).verdict.status).toBe('not_found');
  });

  it("checks an enterprise's ledger on the platform, and records whose ledger it is", async () => {
    const ledger = await writeLedger('ledger.csv', [row(1)]);
    out.mockClear();
    const code = await runCli([
      '--data-dir',
      dataDir,
      '--today',
      TODAY,
      'import',
      ledger,
      '--enterprise',
      '甲公司',
    ]);
    expect(code).toBe(0);
    const printed = out.mock.calls.map((c) => String(c[0])).join('');
    expect(printed).toContain('来源：企业持证台账，属于「甲公司」，只作为待核对的人员名单');
    const { verdict, asked, known } = await verifyImported(1);
    expect(verdict).toMatchObject({ status: 'not_found', source: 'national', heldBy: ['甲公司'] });
    expect(asked.length).toBeGreaterThan(0);
    expect(known).toEqual({ name: '人员1', heldBy: ['甲公司'] });
  });
});
