/**
 * Builds `ledger-demo.xlsx`: an enterprise's certificate ledger (三项岗位人员持证台账) for `cert-verify import`,
 * with the dates written the ways ledgers hold them (date cells, 2030/10/8, 2017.04.11, 2027年1月5日, 20261120,
 * a bare Excel serial), one person with two certificates in merged cells, one person the simulated platform
 * does not list yet (a certificate issued days ago), and one bad row that the import skips.
 *
 *   npx tsx data/samples/make-ledger.ts
 */
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import { toDayNumber } from '../../src/domain/dates.js';

const here = dirname(fileURLToPath(import.meta.url));

const HEADER = [
  '序号',
  '姓名',
  '身份证号',
  '证书类型',
  '作业类别',
  '操作项目',
  '证号',
  '初领日期',
  '有效期开始日期',
  '有效期结束日期',
  '应复审日期',
  '实际复审日期',
  '发证机关',
];

/** A date cell, as Excel stores a typed date (a UTC midnight to exceljs). */
const day = (date: string): Date => new Date(`${date}T00:00:00Z`);
/** The serial number Excel shows for a date in a cell that lost its date format. */
const serial = (date: string): number => toDayNumber(date) - toDayNumber('1899-12-30');

const ROWS: ExcelJS.CellValue[][] = [
  [
    1,
    '张伟',
    '110105198503120135',
    '特种作业人员',
    '电工作业',
    '低压电工作业',
    'T110105198503120135',
    day('2025-03-10'),
    day('2025-03-10'),
    day('2031-03-10'),
    day('2028-03-10'),
    null,
    '北京市应急管理局',
  ],
  [
    2,
    '黄勇',
    '510107198302270791',
    '特种作业人员',
    '电工作业',
    '低压电工作业',
    'T510107198302270791',
    '2024/10/8',
    '2024/10/8',
    '2030/10/8',
    '2027/10/8',
    null,
    '成都市应急管理局',
  ],
  [
    3,
    '黄勇',
    '510107198302270791',
    '特种作业人员',
    '焊接与热切割作业',
    '熔化焊接与热切割作业',
    'T510107198302270791',
    '2017.04.11',
    '2017.04.11',
    '2023.04.11',
    '2020.04.11',
    '2020.03.02',
    '成都市应急管理局',
  ],
  [
    4,
    '林小明',
    '440106199203150014',
    '特种作业人员',
    '电工作业',
    '低压电工作业',
    'T440106199203150014',
    20261120,
    20261120,
    20321120,
    20291120,
    null,
    '广州市应急管理局',
  ],
  [
    5,
    '谢东',
    '210102197504200399',
    '主要负责人',
    null,
    null,
    '辽安管负2025001',
    serial('2025-04-01'),
    serial('2025-04-01'),
    serial('2028-04-01'),
    null,
    null,
    '沈阳市应急管理局',
  ],
  [
    6,
    '宋佳',
    '220102198809120601',
    '安全生产管理人员',
    null,
    null,
    '吉安管2024017',
    '2024年1月5日',
    '2024年1月5日',
    '2027年1月5日',
    null,
    null,
    '长春市应急管理局',
  ],
  [
    7,
    '钱多',
    '3201021982091503',
    '特种作业人员',
    '高处作业',
    '登高架设作业',
    '',
    '2022-05-06',
    '2022-05-06',
    '2028-05-06',
    '2025-05-06',
    null,
    '南京市应急管理局',
  ],
];

const wb = new ExcelJS.Workbook();
wb.creator = 'cert-verify-bot';
wb.created = wb.modified = new Date(Date.UTC(2026, 10, 24));
const ws = wb.addWorksheet('持证台账');
ws.getColumn(3).numFmt = '@';
ws.getColumn(7).numFmt = '@';
ws.addRow(['示例化工有限公司三项岗位人员持证台账']);
ws.addRow(['填报日期：2026年11月24日']);
ws.addRow(HEADER);
for (const r of ROWS) ws.addRow(r);
for (const col of [8, 9, 10, 11, 12]) ws.getColumn(col).numFmt = 'yyyy-mm-dd';
// 林小明's dates were typed as plain numbers (20261120); 谢东's lost their date format (Excel shows serials).
for (const col of [8, 9, 10, 11]) ws.getCell(7, col).numFmt = 'General';
for (const col of [8, 9, 10]) ws.getCell(8, col).numFmt = 'General';
ws.mergeCells('A1:M1');
ws.mergeCells('A2:M2');
ws.mergeCells('B5:B6');
ws.mergeCells('C5:C6');
ws.getCell('A1').font = { bold: true, size: 14 };
ws.getCell('A1').alignment = { horizontal: 'center' };
ws.getRow(3).font = { bold: true };
[6, 10, 20, 16, 18, 22, 24, 12, 14, 14, 12, 12, 18].forEach((w, i) => {
  ws.getColumn(i + 1).width = w;
});
writeFileSync(join(here, 'ledger-demo.xlsx'), Buffer.from(await wb.xlsx.writeBuffer()));
console.log(`ledger-demo.xlsx: ${ROWS.length} rows`);
