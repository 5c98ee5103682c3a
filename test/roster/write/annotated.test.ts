import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeAnnotatedRoster } from '../../../src/roster/write/annotated.js';
import { ANNOTATION_COLUMNS } from '../../../src/roster/write/annotated-layout.js';
import { STATUS_FILL_ARGB } from '../../../src/roster/write/status-style.js';
import { batch, cert, fillOf, id, openWorkbook, rowResult, tempDir, text, verdict } from './build.js';

const ZHANG = id('11010519800101001');
const LI = id('11010519810202002');
const WANG = id('32010219750303003');
const ZHAO = id('44030519900404004');
const BAD = '110105198001010010';

const results = [
  rowResult(
    '特种作业人员',
    3,
    verdict('valid', { name: '张三', idNumber: ZHANG, item: '电工' }, cert(ZHANG, '张三')),
  ),
  rowResult(
    '特种作业人员',
    4,
    verdict(
      'expired',
      { name: '李四', idNumber: LI, item: '焊工' },
      cert(LI, '李四', {
        category: '焊接与热切割作业',
        item: '熔化焊接与热切割作业',
        validUntil: '2026-01-01',
      }),
    ),
  ),
  rowResult(
    '特种作业人员',
    5,
    verdict('not_found', { name: '王五', idNumber: WANG, item: '登高' }),
    '=HYPERLINK("http://evil.example","点我")',
  ),
  rowResult(
    '特种作业人员',
    6,
    verdict(
      'review_due',
      { name: '赵六', idNumber: ZHAO },
      cert(ZHAO, '赵六', { reviewDue: '2026-04-01', reviewedOn: undefined }),
    ),
  ),
  rowResult(
    '特种作业人员',
    8,
    verdict('invalid_id', { name: '钱七', idNumber: BAD }, undefined, {
      reasons: [`身份证号 ${BAD} 校验位错误`],
    }),
  ),
];

let dir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => ({ dir, cleanup } = await tempDir()));
afterEach(() => cleanup());

async function written(fullIds: boolean) {
  const path = join(dir, `out-${fullIds}.xlsx`);
  await writeFile(path, await writeAnnotatedRoster(batch(results), { fullIds }));
  return openWorkbook(await readFile(path));
}

describe('writeAnnotatedRoster', () => {
  it('keeps the original columns and rows, and appends the verification columns', async () => {
    const wb = await written(true);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['汇总', '特种作业人员']);
    const ws = wb.getWorksheet('特种作业人员')!;
    expect(text(ws, 1, 1)).toBe('某某化工有限公司三项岗位人员持证台账');
    const header = [1, 2, 3, 4, 5].map((c) => text(ws, 2, c));
    expect(header).toEqual(['序号', '姓名', '身份证号', '工种', '部门']);
    const added = ANNOTATION_COLUMNS.map((_, i) => text(ws, 2, 6 + i));
    expect(text(ws, 1, 6)).toBe('核验结果');
    expect(added).toEqual([
      '核验结论',
      '说明',
      '作业类别',
      '操作项目',
      '有效期至',
      '应复审日期',
      '实际复审日期',
      '数据来源',
      '核验时间',
    ]);
    // Row numbers are the roster's own, so "第 8 行" in a message points at the same row.
    expect(text(ws, 4, 2)).toBe('李四');
    expect(text(ws, 4, 6)).toBe('已过期');
    expect(text(ws, 4, 8)).toBe('焊接与热切割作业');
    expect(text(ws, 4, 9)).toBe('熔化焊接与热切割作业');
    expect(text(ws, 4, 10)).toBe('2026-01-01');
    expect(text(ws, 3, 11)).toBe('2025-05-01');
    expect(text(ws, 3, 12)).toBe('2025-04-20');
    expect(text(ws, 3, 13)).toBe('全国统一平台');
    expect(text(ws, 3, 14)).toBe('2026-03-10 10:00');
    expect(text(ws, 8, 2)).toBe('钱七');
    expect(text(ws, 8, 6)).toBe('证件号无效');
    expect(text(ws, 7, 1)).toBe('');
    expect(text(ws, 3, 3)).toBe(ZHANG);
  });

  it('masks ID numbers, in the ID column and in the notes, when fullIds is false', async () => {
    const wb = await written(false);
    const ws = wb.getWorksheet('特种作业人员')!;
    expect(text(ws, 3, 3)).toBe(`${ZHANG.slice(0, 6)}********${ZHANG.slice(14)}`);
    expect(text(ws, 8, 3)).toBe('110105********0010');
    expect(text(ws, 8, 7)).toContain('110105********0010');
    for (const w of wb.worksheets) {
      w.eachRow((row) => row.eachCell((cell) => expect(cell.text).not.toMatch(/\d{17}[\dX]/)));
    }
  });

  it('colours status cells by group', async () => {
    const ws = (await written(true)).getWorksheet('特种作业人员')!;
    expect(fillOf(ws, 3, 6)).toBe(STATUS_FILL_ARGB.green);
    expect(fillOf(ws, 4, 6)).toBe(STATUS_FILL_ARGB.orange);
    expect(fillOf(ws, 5, 6)).toBe(STATUS_FILL_ARGB.red);
    expect(fillOf(ws, 6, 6)).toBe(STATUS_FILL_ARGB.yellow);
    expect(fillOf(ws, 8, 6)).toBe(STATUS_FILL_ARGB.grey);
  });

  it('keeps ID numbers as text and borders every cell of the table', async () => {
    const ws = (await written(true)).getWorksheet('特种作业人员')!;
    for (const row of [3, 4, 8]) {
      expect(ws.getRow(row).getCell(3).numFmt, `row ${row}`).toBe('@');
      expect(ws.getRow(row).getCell(2).numFmt, `row ${row}`).not.toBe('@');
      for (const column of [1, 3, 6, 14]) {
        expect(ws.getRow(row).getCell(column).border?.left?.style, `row ${row} column ${column}`).toBe(
          'thin',
        );
      }
    }
    expect(ws.getRow(2).getCell(6).font?.bold).toBe(true);
  });

  it('freezes the header and puts an auto-filter on it', async () => {
    const ws = (await written(true)).getWorksheet('特种作业人员')!;
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 2 });
    expect(ws.autoFilter).toBe('A2:N8');
    expect(ws.pageSetup.orientation).toBe('landscape');
  });

  it('neutralises a formula written in a roster cell', async () => {
    const ws = (await written(true)).getWorksheet('特种作业人员')!;
    const cell = ws.getRow(5).getCell(5);
    expect(cell.formula).toBeUndefined();
    expect(cell.text).toBe('\'=HYPERLINK("http://evil.example","点我")');
  });

  it('summarises counts per status and what to do first', async () => {
    const ws = (await written(false)).getWorksheet('汇总')!;
    const counts = new Map<string, string>();
    ws.eachRow((row) => counts.set(row.getCell(2).text, row.getCell(3).text));
    expect(counts.get('valid')).toBe('1');
    expect(counts.get('expired')).toBe('1');
    expect(counts.get('not_found')).toBe('1');
    expect(counts.get('name_mismatch')).toBe('0');
    const lines: string[] = [];
    ws.eachRow((row) => lines.push(row.getCell(1).text));
    const todo = lines.slice(lines.indexOf('优先处理：') + 1);
    expect(todo[0]).toMatch(/^1\. 未查到证书、疑似假证.*（1 人）：王五（特种作业人员 第 5 行）$/);
    expect(todo[1]).toMatch(/^2\. 证件已过期.*李四/);
    expect(todo[2]).toMatch(/^3\. 即将到期.*赵六/);
    expect(todo[3]).toMatch(/^4\. 未能核验.*钱七/);
    expect(lines[lines.indexOf('合计')]).toBe('合计');
  });
});
