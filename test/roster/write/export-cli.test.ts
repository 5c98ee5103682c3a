import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type ExportFlags, exportRequestFrom } from '../../../src/cli/commands/export.js';
import { buildProgram } from '../../../src/cli/program.js';
import { UsageError } from '../../../src/cli/usage-error.js';
import { finding, id, storeWithFinding, tempDir } from './build.js';
import { docxParts, paragraphsOf, tablesOf } from './docx-read.js';

const WANG = id('32010219750303003');

let dir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => {
  ({ dir, cleanup } = await tempDir());
  await storeWithFinding(dir, finding('not_found', { name: '王五', idNumber: WANG }));
});
afterEach(() => cleanup());

async function run(args: string[]): Promise<string> {
  const program = buildProgram();
  let out = '';
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    out += String(chunk);
    return true;
  });
  try {
    await program.parseAsync(['--data-dir', join(dir, 'data'), '--today', '2026-03-10', ...args], {
      from: 'user',
    });
  } finally {
    spy.mockRestore();
  }
  return out;
}

describe('cert-verify export', () => {
  it('writes the leads list with full IDs and says where', async () => {
    const outFile = join(dir, 'out', 'leads.csv');
    const out = await run(['export', 'leads', '--format', 'csv', '--from', '2026-03-01', '--out', outFile]);
    expect(out).toBe(`已导出 1 条到 ${outFile}\n`);
    const rows: string[][] = parse((await readFile(outFile)).subarray(3).toString('utf8'), {
      relax_column_count: true,
    });
    expect(rows.find((r) => r[0] === '1')?.[6]).toBe(WANG);
  });

  it('--masked writes the same list with masked IDs (for a group or another person)', async () => {
    const outFile = join(dir, 'out', 'leads-masked.csv');
    await run(['export', 'leads', '--format', 'csv', '--from', '2026-03-01', '--masked', '--out', outFile]);
    const text = (await readFile(outFile)).toString('utf8');
    expect(text).not.toContain(WANG);
    expect(text).toContain(`${WANG.slice(0, 6)}********${WANG.slice(-4)}`);
  });

  it('refuses a bad kind, format or date in Chinese', () => {
    const flags: ExportFlags = { format: 'xlsx' };
    expect(() => exportRequestFrom('summary', flags)).toThrow(
      /^未知的报表类型「summary」，应为 problems（自查自改问题清单）、.*、report（自查整改报告，Word 文档） 之一$/,
    );
    expect(() => exportRequestFrom('leads', { format: 'pdf' })).toThrow(
      '--format 应为 xlsx、csv、json 之一，收到「pdf」',
    );
    expect(() => exportRequestFrom('leads', { ...flags, from: '2026-02-30' })).toThrow(
      '--from 应为 YYYY-MM-DD 格式的日期，收到「2026-02-30」',
    );
    expect(() => exportRequestFrom('leads', { ...flags, from: '2026-03-02', to: '2026-03-01' })).toThrow(
      UsageError,
    );
    expect(exportRequestFrom('stats', { ...flags, enterprise: ' 甲公司 ' })).toEqual({
      kind: 'stats',
      format: 'xlsx',
      enterprise: '甲公司',
    });
  });

  it('asks the 自查整改报告 for its enterprise, and only as a Word document', () => {
    expect(() => exportRequestFrom('report', {})).toThrow(/^导出自查整改报告须用 --enterprise 指明单位/);
    expect(() => exportRequestFrom('report', { enterprise: '甲公司', format: 'xlsx' })).toThrow(
      '自查整改报告只导出为 Word 文档（docx），不支持 --format xlsx',
    );
    expect(exportRequestFrom('report', { enterprise: '甲公司', format: 'docx', from: '2026-03-01' })).toEqual(
      {
        kind: 'report',
        enterprise: '甲公司',
        from: '2026-03-01',
      },
    );
  });

  it('writes the 自查整改报告 of an enterprise with its profile and the settings in force', async () => {
    const configFile = join(dir, 'config.json');
    await writeFile(
      configFile,
      JSON.stringify({
        selfCheck: { enterprises: { 甲公司: { legalRepresentative: '张建国', business: '危险化学品经营' } } },
        ledger: { recheckDays: 14 },
      }),
    );
    const outFile = join(dir, 'out', '报告.docx');
    const out = await run([
      '--config',
      configFile,
      'export',
      'report',
      '--enterprise',
      '甲公司',
      '--out',
      outFile,
    ]);
    expect(out).toBe(`已导出自查整改报告（整改问题 1 项）到 ${outFile}\n`);
    const document = docxParts(new Uint8Array(await readFile(outFile)))['word/document.xml'] ?? '';
    const text = paragraphsOf(document)
      .map((p) => p.text)
      .join('\n');
    expect(text).toContain('法定代表人：张建国\n');
    expect(text).toContain('业务范围：危险化学品经营\n');
    expect(text).toContain('设立时间：\t\n');
    expect(text).toContain('每 14 日至少复查一次');
    expect(tablesOf(document)[0]?.[1]?.[1]).toContain(`王五（身份证 ${WANG}）`);
  });

  it('stops with a UsageError before opening the store', async () => {
    await expect(run(['export', 'leads', '--to', '20260301'])).rejects.toThrow(UsageError);
  });
});
