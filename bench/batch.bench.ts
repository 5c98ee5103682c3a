/**
 * Roster reading speed: a 10,000-row xlsx and the same roster as a GBK csv (files built here, not timed).
 * The end-to-end batch figure (through the pipeline and the simulator) is the lead's.
 */
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { checkCharacter } from '../src/domain/id-number.js';
import { readRoster } from '../src/roster/read/read-roster.js';
import { type Figure, runAlone } from './figures.js';

const ROWS = 10_000;
const limits = { maxRows: 20_000, maxFileBytes: 20_971_520, maxUncompressedBytes: 104_857_600 };
const HEADER = ['序号', '姓名', '身份证号', '人员类型', '作业类别', '操作项目', '部门', '单位'];

function rows(): string[][] {
  return Array.from({ length: ROWS }, (_, i) => {
    const first17 = `3201021980${String((i % 12) + 1).padStart(2, '0')}${String((i % 28) + 1).padStart(2, '0')}${String(i % 1000).padStart(3, '0')}`;
    return [
      String(i + 1),
      `员工${i}`,
      first17 + checkCharacter(first17),
      '特种作业人员',
      '电工作业',
      '低压电工作业',
      '机修班',
      '示例化工有限公司',
    ];
  });
}

async function time(fn: () => Promise<unknown>, runs: number): Promise<number> {
  await fn(); // warm-up
  const t0 = performance.now();
  for (let i = 0; i < runs; i++) await fn();
  return (performance.now() - t0) / runs;
}

export default async function main(): Promise<Figure[]> {
  const data = rows();
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('名单');
  ws.getColumn(3).numFmt = '@';
  ws.addRow(['某公司三项岗位人员持证台账']);
  ws.mergeCells('A1:H1');
  ws.addRow(HEADER);
  for (const r of data) ws.addRow(r);
  const xlsx = Buffer.from(await wb.xlsx.writeBuffer());
  const csv = iconv.encode([HEADER, ...data].map((r) => r.join(',')).join('\r\n'), 'gbk');

  const xlsxMs = await time(() => readRoster({ name: 'a.xlsx', bytes: xlsx }, limits, '2025-06-01'), 3);
  const csvMs = await time(() => readRoster({ name: 'a.csv', bytes: csv }, limits, '2025-06-01'), 5);
  const xlsxRate = Math.round((ROWS * 1000) / xlsxMs);
  const csvRate = Math.round((ROWS * 1000) / csvMs);
  return [
    {
      name: 'roster rows read per second (10,000-row xlsx)',
      value: xlsxRate,
      unit: 'rows/s',
      aim: '>= 5,000',
      met: xlsxRate >= 5_000,
    },
    {
      name: 'time to read a 10,000-row xlsx',
      value: Math.round(xlsxMs),
      unit: 'ms',
      aim: '<= 2,000',
      met: xlsxMs <= 2_000,
    },
    {
      name: 'roster rows read per second (10,000-row GBK csv)',
      value: csvRate,
      unit: 'rows/s',
      aim: '>= 20,000',
      met: csvRate >= 20_000,
    },
  ];
}

if (import.meta.url === `file://${process.argv[1]}`) await runAlone('batch', main);
