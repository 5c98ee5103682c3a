/**
 * Builds the demo rosters from the simulator's people: `roster-demo.xlsx` (title row, merged cells, ID column
 * as text) and `roster-demo.csv` (GBK, as Excel on a Chinese Windows saves it). Every person of people.json
 * once, plus two bad rows and one person the platform does not know.
 *
 *   npx tsx data/samples/make-rosters.ts
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import type { CertificateRecord } from '../../src/domain/certificate.js';

const here = dirname(fileURLToPath(import.meta.url));
const { certificates } = JSON.parse(readFileSync(join(here, 'people.json'), 'utf8')) as {
  certificates: Array<CertificateRecord & { history?: boolean }>;
};

const HEADER = ['序号', '姓名', '身份证号', '人员类型', '作业类别', '操作项目', '部门', '单位'];
const DEPARTMENTS = ['电气车间', '维修班', '生产部', '安全环保部'];
const ENTERPRISE = '示例化工有限公司';

/** One row per person: their first current certificate. */
function personRows(): string[][] {
  const seen = new Set<string>();
  const rows: string[][] = [];
  for (const c of certificates) {
    if (c.history || seen.has(c.idNumber)) continue;
    seen.add(c.idNumber);
    const personType = c.kind === 'special' ? '特种作业人员' : (c.role ?? '安全生产管理人员');
    rows.push([c.name, c.idNumber, personType, c.category ?? '', c.item ?? '']);
  }
  rows.push(
    ['林小明', '440106199203150014', '特种作业人员', '电工作业', '低压电工作业'], // not in the platform's data
    ['赵强', '110105198503120136', '特种作业人员', '焊接与热切割作业', '熔化焊接与热切割作业'], // wrong check character
    ['钱多', '3201021982091503', '特种作业人员', '高处作业', '登高架设作业'], // 16 digits
  );
  return rows.map((r, i) => [String(i + 1), ...r, DEPARTMENTS[i % DEPARTMENTS.length] ?? '', ENTERPRISE]);
}

const TITLE = `${ENTERPRISE}三项岗位人员持证台账`;
const DATE_LINE = '填报日期：2026年11月';
const rows = personRows();

async function writeXlsx(): Promise<void> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'cert-verify-bot';
  wb.created = wb.modified = new Date(Date.UTC(2026, 10, 24));
  const ws = wb.addWorksheet('持证台账');
  ws.getColumn(3).numFmt = '@';
  ws.addRow([TITLE]);
  ws.addRow([DATE_LINE]);
  ws.addRow(HEADER);
  for (const r of rows) ws.addRow(r);
  ws.mergeCells('A1:H1');
  ws.mergeCells('A2:H2');
  ws.getCell('A1').font = { bold: true, size: 14 };
  ws.getCell('A1').alignment = { horizontal: 'center' };
  ws.getRow(3).font = { bold: true };
  [6, 10, 20, 18, 18, 26, 12, 20].forEach((w, i) => {
    ws.getColumn(i + 1).width = w;
  });
  wb.addWorksheet('填表说明').addRow([
    '身份证号一列请设为文本格式，人员类型填写：特种作业人员 / 安全生产管理人员 / 主要负责人',
  ]);
  writeFileSync(join(here, 'roster-demo.xlsx'), Buffer.from(await wb.xlsx.writeBuffer()));
}

function writeCsv(): void {
  const lines = [[TITLE], [DATE_LINE], HEADER, ...rows].map((r) => r.join(','));
  writeFileSync(join(here, 'roster-demo.csv'), iconv.encode(`${lines.join('\r\n')}\r\n`, 'gbk'));
}

await writeXlsx();
writeCsv();
console.log(`roster-demo.xlsx / roster-demo.csv: ${rows.length} rows`);
