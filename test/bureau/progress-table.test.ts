/**
 * The monthly statistics table (seed 000, 附件3): its title, header and row labels compared in order with the
 * seed's text; 本月 and 累计 computed from staff months and the enterprises' reports; the xlsx read back with
 * its merged cells, and the csv.
 */
import { readFile } from 'node:fs/promises';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { STAFF_FIGURE_KEYS } from '../../src/bureau/progress/form.js';
import { progressFile } from '../../src/bureau/progress/report.js';
import { buildProgressTable, type ProgressData } from '../../src/bureau/progress/table.js';
import type { StaffMonth, StoredSelfCheck } from '../../src/bureau/progress/types.js';
import { cumulativeStart } from '../../src/bureau/store/months.js';

const SEED = new URL('../fixtures/seeds/000_9d90387afa94ff16.txt', import.meta.url);

/** The seed's 附件3: its title and each row's non-empty cells, as the seed's text has them. */
async function seedTable(): Promise<{ title: string; rows: string[][] }> {
  const lines = (await readFile(SEED, 'utf8')).split('\n');
  const start = lines.findIndex((l) => l.trim() === '附件 3');
  const body = lines.slice(start + 1);
  const titleAt = body.findIndex((l) => l.trim() !== '');
  const end = body.findIndex((l) => l.startsWith('填表人'));
  const rows = body
    .slice(titleAt + 1, end + 1)
    .filter((l) => l.trim() !== '')
    .map((l) =>
      l
        .split('\t')
        .map((c) => c.trim())
        .filter((c) => c !== ''),
    );
  return { title: (body[titleAt] ?? '').replace(/\s+/g, ''), rows };
}

const staffMonth = (month: string, base: number, over: Partial<StaffMonth> = {}): StaffMonth => ({
  month,
  figures: Object.fromEntries(STAFF_FIGURE_KEYS.map((k, i) => [k, base + i])) as StaffMonth['figures'],
  filledBy: '',
  phone: '',
  updatedBy: 'duty',
  updatedAt: `${month}-20T02:00:00.000Z`,
  ...over,
});

const report = (enterpriseId: number, month: string, people: number, problems: number): StoredSelfCheck => ({
  enterpriseId,
  enterpriseName: `企业${enterpriseId}`,
  month,
  people,
  problems,
  at: `${month}-15T02:00:00.000Z`,
  receivedAt: `${month}-15T02:00:01.000Z`,
});

const EMPTY: ProgressData = {
  month: '2026-11',
  since: '2026-01',
  staff: [],
  selfChecks: [],
  region: '揭阳市',
};

/** A row's label cells: its non-empty text (the figures are numbers, or blank). */
const labels = (cells: readonly (string | number)[]) =>
  cells.filter((c): c is string => typeof c === 'string' && c !== '');

describe('the 附件3 table', () => {
  it("has the seed's title, header and row labels, in the seed's order", async () => {
    const seed = await seedTable();
    const table = buildProgressTable(EMPTY);
    expect(table.title).toBe(seed.title);
    const ours = [labels(table.columns.map((c) => c.header)), ...table.rows.map((r) => labels(r.cells))];
    expect(ours).toEqual(seed.rows);
    expect(ours).toHaveLength(32);
  });

  it("sums 累计 over the campaign's months and shows 本月 of the month; a month nobody entered is blank", () => {
    const data: ProgressData = {
      month: '2026-11',
      since: '2026-09',
      region: '揭阳市',
      staff: [
        staffMonth('2026-09', 1),
        staffMonth('2026-11', 100, { filledBy: '李明', phone: '0663-8768226' }),
      ],
      selfChecks: [
        report(1, '2026-09', 40, 3),
        report(1, '2026-11', 12, 2),
        report(2, '2026-11', 30, 5),
        report(3, '2026-10', 8, 1),
        report(4, '2026-11', 0, 0),
      ],
    };
    const table = buildProgressTable(data);
    const row = (label: string, nth = 0) =>
      table.rows.filter((r) => r.cells.includes(label))[nth]?.cells ?? [];
    // 自查安全培训机构 is the first staff figure: 100 this month, 1 + 100 over the span.
    expect(row('自查安全培训机构 (家)').slice(4)).toEqual([100, 101]);
    // 用人单位's 行政处罚款 is the last: index 27.
    const fine = table.rows.filter((r) => r.cells.includes('行政处罚款 (元)')).at(-1)?.cells ?? [];
    expect(fine.slice(4)).toEqual([127, 27 + 1 + 127]);
    // Enterprises: this month 1 and 2 reported people (4 reported none); over the span 1, 2 and 3.
    expect(row('自查生产经营单位 (家)').slice(4)).toEqual([2, 3]);
    expect(row('自查发现问题 (条)', 3).slice(4)).toEqual([7, 11]);
    expect(row('填表人')).toEqual(['填表人', '', '李明', '', '联系电话', '0663-8768226']);
    const october = buildProgressTable({ ...data, month: '2026-10' });
    expect(october.rows[0]?.cells.slice(4)).toEqual(['', 1]);
  });

  it("starts 累计 at the campaign's month, or January, or the month itself when the campaign starts later", () => {
    expect(cumulativeStart('2022-03', '2021-12')).toBe('2021-12');
    expect(cumulativeStart('2026-11', '')).toBe('2026-01');
    expect(cumulativeStart('2021-11', '2021-12')).toBe('2021-11');
  });

  it("writes an xlsx whose merged cells draw the seed's groups, and a csv of the same rows", async () => {
    const table = buildProgressTable({ ...EMPTY, selfChecks: [report(1, '2026-11', 12, 2)] });
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await progressFile(table, 'xlsx')) as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0] as ExcelJS.Worksheet;
    expect(sheet.getCell('A1').value).toBe(table.title);
    // Row 3 is the header: 单位类别 over A:B, 项目 over C:D.
    expect(sheet.getCell('A3').value).toBe('单位类别');
    expect(sheet.getCell('B3').master.address).toBe('A3');
    expect(sheet.getCell('D3').master.address).toBe('C3');
    // 自查情况 runs down column A over its eight rows; 执法情况 over the next eighteen; 用人单位 over A:B.
    expect(sheet.getCell('A4').value).toBe('自查情况');
    expect(sheet.getCell('A11').master.address).toBe('A4');
    expect(sheet.getCell('A12').value).toBe('执法情况');
    expect(sheet.getCell('A29').master.address).toBe('A12');
    expect(sheet.getCell('A30').value).toBe('用人单位');
    expect(sheet.getCell('B33').master.address).toBe('A30');
    // 其中 spans the five rows under 执法检查; 考试机构's word is the seed's 其他.
    expect(sheet.getCell('C13').value).toBe('其中');
    expect(sheet.getCell('C17').master.address).toBe('C13');
    expect(sheet.getCell('C19').value).toBe('其他');
    expect(sheet.getCell('E10').value).toBe(1);
    expect(sheet.getCell('F11').value).toBe(2);
    expect(sheet.getCell('A34').value).toBe('填表人');
    const csv = (await progressFile(table, 'csv')).toString('utf8');
    expect(csv).toContain('\r\n,生产经营单位,自查生产经营单位 (家),,1,1\r\n');
  });
});
