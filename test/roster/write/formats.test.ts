import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FORMULA_START, neutraliseFormula } from '../../../src/roster/write/cell-safety.js';
import { renderTable } from '../../../src/roster/write/render.js';
import { renderCsv } from '../../../src/roster/write/render-csv.js';
import type { TableJson } from '../../../src/roster/write/render-json.js';
import type { ReportTable } from '../../../src/roster/write/table.js';
import { openWorkbook, tempDir } from './build.js';

const PAYLOADS = ['=HYPERLINK("http://evil.example","点我")', '+1', '-1', '@SUM(A1:A2)', '\tcmd', '\rcmd'];

const table: ReportTable = {
  title: '测试表',
  meta: ['单位：甲公司'],
  columns: [
    { header: '序号', width: 6, kind: 'number' },
    { header: '内容', width: 30 },
    { header: '核验结果', width: 10, kind: 'status' },
  ],
  rows: [
    ...PAYLOADS.map((p, i) => ({ cells: [i + 1, p, '未查到'], status: 'not_found' as const })),
    { cells: [7, '含逗号,和"引号"\n及换行', '有效'], status: 'valid' as const },
    { cells: [8, '2026-01-01 过期', ''] },
  ],
  footer: ['负责人：　填报人：'],
};

let dir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => ({ dir, cleanup } = await tempDir()));
afterEach(() => cleanup());

describe('neutraliseFormula', () => {
  it('prefixes a quote only to text that could start a formula', () => {
    expect(PAYLOADS.map(neutraliseFormula)).toEqual(PAYLOADS.map((p) => `'${p}`));
    expect(neutraliseFormula('张三')).toBe('张三');
    expect(neutraliseFormula('2026-01-01')).toBe('2026-01-01');
  });

  it('treats the full-width ＝ ＋ － ＠ like = + - @, in csv and xlsx alike', async () => {
    const fullWidth = ['＝HYPERLINK("http://evil.example","点我")', '＋1', '－1', '＠SUM(A1:A2)'];
    expect(fullWidth.map(neutraliseFormula)).toEqual(fullWidth.map((p) => `'${p}`));
    const wide: ReportTable = {
      ...table,
      rows: fullWidth.map((p, i) => ({ cells: [i + 1, p, '未查到'], status: 'not_found' as const })),
    };
    const csv: string[][] = parse(renderCsv(wide).subarray(3).toString('utf8'), { relax_column_count: true });
    expect(csv.slice(3, 7).map((r) => r[1])).toEqual(fullWidth.map((p) => `'${p}`));
    const ws = (await openWorkbook(await renderTable(wide, 'xlsx', '测试'))).getWorksheet('测试')!;
    expect([4, 5, 6, 7].map((r) => ws.getRow(r).getCell(2).text)).toEqual(fullWidth.map((p) => `'${p}`));
    for (const r of csv) for (const cell of r) expect(cell).not.toMatch(FORMULA_START);
  });
});

describe('csv', () => {
  it('starts with a UTF-8 BOM and parses back cell by cell, formula payloads neutralised', async () => {
    const path = join(dir, 'r.csv');
    await writeFile(path, renderCsv(table));
    const bytes = await readFile(path);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows: string[][] = parse(bytes.subarray(3).toString('utf8'), { relax_column_count: true });
    expect(rows[0]).toEqual(['测试表']);
    expect(rows[1]).toEqual(['单位：甲公司']);
    expect(rows[2]).toEqual(['序号', '内容', '核验结果']);
    expect(rows.slice(3, 9).map((r) => r[1])).toEqual(PAYLOADS.map((p) => `'${p}`));
    for (const r of rows) for (const cell of r) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
    expect(rows[9]).toEqual(['7', '含逗号,和"引号"\n及换行', '有效']);
    expect(rows[10]).toEqual(['8', '2026-01-01 过期', '']);
    expect(rows[11]).toEqual(['负责人：　填报人：']);
    expect(bytes.toString('utf8')).toContain('\r\n');
  });
});

describe('xlsx', () => {
  it('stores formula payloads as quoted text, never as formulas', async () => {
    const wb = await openWorkbook(await renderTable(table, 'xlsx', '测试'));
    const ws = wb.getWorksheet('测试')!;
    const texts = [4, 5, 6, 7, 8, 9].map((r) => ws.getRow(r).getCell(2));
    // XML reading turns a lone CR into LF; what matters is the leading quote.
    expect(texts.map((c) => c.text.replace(/^'\n/, "'\r"))).toEqual(PAYLOADS.map((p) => `'${p}`));
    expect(texts.every((c) => c.formula === undefined)).toBe(true);
    expect(ws.getRow(4).getCell(1).value).toBe(1);
  });
});

describe('json', () => {
  it('round-trips the table with status words', async () => {
    const parsed = JSON.parse((await renderTable(table, 'json', 'x')).toString('utf8')) as TableJson;
    expect(parsed.title).toBe('测试表');
    expect(parsed.columns).toEqual(['序号', '内容', '核验结果']);
    expect(parsed.rows[0]).toEqual({ 序号: 1, 内容: PAYLOADS[0], 核验结果: '未查到', status: 'not_found' });
    expect(parsed.rows[7]).toEqual({ 序号: 8, 内容: '2026-01-01 过期', 核验结果: '' });
    expect(parsed.rows).toHaveLength(table.rows.length);
    expect(parsed.footer).toEqual(table.footer);
  });
});
