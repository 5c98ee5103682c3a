/**
 * The annotated roster of an office roster read from an .xls (test/fixtures/rosters): the hidden row stays
 * hidden and is marked 隐藏行, the hidden column stays hidden, the merged cells stay merged, the footer line is
 * kept as text and is no result row, and the verification columns sit under one merged 核验结果 heading
 * without repeating the roster's own 操作项目. Written to disk and read back with exceljs.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readRoster } from '../../../src/roster/read/read-roster.js';
import type { BatchResult, Roster } from '../../../src/roster/types.js';
import { writeAnnotatedRoster } from '../../../src/roster/write/annotated.js';
import { annotationHeaders } from '../../../src/roster/write/annotated-layout.js';
import { HIDDEN_ROW, NUMBER_ID_ROW, PEOPLE } from '../../fixtures/rosters/make.js';
import { xlsx } from '../files.js';
import { cert, openWorkbook, tempDir, text, verdict } from './build.js';

const limits = { maxRows: 100, maxFileBytes: 5_000_000, maxUncompressedBytes: 50_000_000 };

let dir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => ({ dir, cleanup } = await tempDir()));
afterEach(() => cleanup());

/** Every row of the roster found valid (the one with a bad ID: invalid_id). */
function checked(roster: Roster): BatchResult {
  const sheet = roster.sheets[0]!;
  return {
    roster,
    results: sheet.rows.map((row) => {
      const person = { name: row.query.name ?? '', idNumber: row.query.input };
      return {
        sheet: sheet.name,
        row,
        verdict: row.query.valid
          ? verdict('valid', person, cert(row.query.idNumber, person.name))
          : verdict('invalid_id', person),
      };
    }),
    startedAt: '2026-03-10T01:00:00.000Z',
    finishedAt: '2026-03-10T01:05:00.000Z',
    today: '2026-03-10',
  };
}

async function annotated(roster: Roster, fullIds = true) {
  const path = join(dir, 'out.xlsx');
  await writeFile(path, await writeAnnotatedRoster(checked(roster), { fullIds }));
  return openWorkbook(await readFile(path));
}

describe('the annotated roster of an .xls roster', () => {
  it('keeps hidden rows and columns, merges and the footer, and groups the result columns', async () => {
    const file = {
      name: '花名册.xls',
      bytes: await readFile(new URL('../../fixtures/rosters/花名册.xls', import.meta.url)),
    };
    const roster = await readRoster(file, limits, '2026-03-10');
    const wb = await annotated(roster);
    const ws = wb.getWorksheet('花名册')!;
    expect(ws.getRow(HIDDEN_ROW).hidden).toBe(true);
    expect([3, 4, 5, 7, 8].map((r) => ws.getRow(r).hidden)).toEqual([false, false, false, false, false]);
    expect(ws.getColumn(8).hidden).toBe(true);
    expect(ws.getColumn(7).hidden).toBe(false);
    const merges = (ws.model as { merges: string[] }).merges;
    expect(merges).toEqual(expect.arrayContaining(['A1:H1', 'D3:D4', 'A9:H9', 'I1:Q1']));

    expect(text(ws, 1, 9)).toBe('核验结果');
    const header = Array.from({ length: 17 }, (_, i) => text(ws, 2, i + 1));
    expect(header.slice(0, 8)).toEqual([
      '序号',
      '姓名',
      '身份证号',
      '部门',
      '操作项目',
      '入职日期',
      '工龄（年）',
      '手机号',
    ]);
    expect(new Set(header).size).toBe(header.length);
    expect(header.slice(8, 12)).toEqual(['核验结论', '说明', '作业类别', '证书操作项目']);

    expect(text(ws, HIDDEN_ROW, 2)).toBe('刘洋');
    expect(text(ws, HIDDEN_ROW, 10)).toMatch(/^隐藏行/);
    expect(text(ws, 3, 10)).not.toContain('隐藏行');
    // The ID stored as a number shows as Excel keeps it (15 digits, then zeros), not a float's digits.
    expect(text(ws, NUMBER_ID_ROW, 3)).toBe(`${PEOPLE[5]!.id.slice(0, 15)}000`);
    expect(text(ws, NUMBER_ID_ROW, 9)).toBe('证件号无效');

    expect(text(ws, 9, 1)).toBe('填表人：李明　审核人：王强　联系电话：0571-88886666');
    expect(text(ws, 9, 9)).toBe('');

    const summary = wb.getWorksheet('汇总')!;
    const lines: string[] = [];
    summary.eachRow((row) => lines.push(row.getCell(1).text));
    expect(lines.join('\n')).toContain(`有 1 个隐藏行（第 ${HIDDEN_ROW} 行）`);
    expect(lines.join('\n')).toMatch(/第 9 行「填表人：李明　审核人：王强[^」]*」是表尾栏，不是人员，未核验/);
  });

  it('moves a roster whose header is its first row one row down, to make room for the heading', async () => {
    const bytes = await xlsx([
      {
        name: '名单',
        rows: [
          ['姓名', '身份证号'],
          [PEOPLE[0]!.name, PEOPLE[0]!.id],
        ],
        textColumns: [2],
      },
    ]);
    const roster = await readRoster({ name: '名单.xlsx', bytes }, limits, '2026-03-10');
    const ws = (await annotated(roster)).getWorksheet('名单')!;
    expect(text(ws, 1, 3)).toBe('核验结果');
    expect([1, 2].map((c) => text(ws, 2, c))).toEqual(['姓名', '身份证号']);
    expect(text(ws, 3, 1)).toBe(PEOPLE[0]!.name);
    expect(text(ws, 3, 3)).toBe('有效');
  });
});

describe('annotationHeaders', () => {
  it('renames a result column the roster already has, and those of an annotated roster sent back', () => {
    expect(annotationHeaders(['姓名', '身份证号', '操作项目', '有效期至'])).toEqual([
      '核验结论',
      '说明',
      '作业类别',
      '证书操作项目',
      '证书有效期至',
      '应复审日期',
      '实际复审日期',
      '数据来源',
      '核验时间',
    ]);
    const once = annotationHeaders(['姓名', '身份证号', '操作项目']);
    const twice = annotationHeaders(['姓名', '身份证号', '操作项目', ...once]);
    expect(new Set([...once, ...twice]).size).toBe(once.length + twice.length);
    expect(twice[0]).toBe('核验结论（本次）');
  });
});
