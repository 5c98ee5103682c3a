import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type ExportFlags, exportRequestFrom } from '../../../src/cli/commands/export.js';
import { buildProgram } from '../../../src/cli/program.js';
import { UsageError } from '../../../src/cli/usage-error.js';
import { openStore } from '../../../src/store/store.js';
import { finding, id, tempDir } from './build.js';

const WANG = id('32010219750303003');

let dir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => {
  ({ dir, cleanup } = await tempDir());
  const store = await openStore(join(dir, 'data'), { cache: { positiveTtlDays: 7, negativeTtlDays: 1 } });
  const {
    id: _i,
    day: _d,
    firstAt: _f,
    lastAt: _l,
    count: _c,
    ...input
  } = finding('not_found', { name: '王五', idNumber: WANG });
  await store.findings.record(input, new Date('2026-03-02T01:00:00Z'));
  await store.close();
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
    expect(() => exportRequestFrom('report', flags)).toThrow(
      /^未知的报表类型「report」，应为 problems（自查自改问题清单）、/,
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

  it('stops with a UsageError before opening the store', async () => {
    await expect(run(['export', 'leads', '--to', '20260301'])).rejects.toThrow(UsageError);
  });
});
