/**
 * The ledger as a workbook, in the form the seed notices ask for: 三项岗位人员持证台账, kept by class (分类建立) — a
 * sheet each for 特种作业人员, 主要负责人 and 安全生产管理人员 — with each person's certificate and the latest
 * verdict of the national platform (状态, 核验日期, 来源). Full ID numbers for admins only; masked otherwise.
 */
import ExcelJS from 'exceljs';
import type { PersonType } from '../../domain/certificate.js';
import { statusLabel } from '../../domain/status.js';
import { isActive, type LedgerBook, type LedgerPerson } from '../../store/ledger-store.js';
import { addTableSheet } from './render-xlsx.js';
import { displayId, displayText, type LedgerByClass, personTypeText, sourceLabel } from './report-rows.js';
import type { ReportTable, TableColumn, TableRow } from './table.js';

/** The classes of the ledger, one sheet each; people whose class is not known yet go under 未分类. */
const CLASSES: ReadonlyArray<{ type: PersonType | undefined; title: string }> = [
  { type: 'special', title: '特种作业人员' },
  { type: 'principal', title: '主要负责人' },
  { type: 'manager', title: '安全生产管理人员' },
  { type: undefined, title: '未分类' },
];

const COLUMNS: TableColumn[] = [
  { header: '序号', width: 6, kind: 'number' },
  { header: '姓名', width: 10 },
  { header: '身份证号', width: 22, kind: 'id' },
  { header: '人员类别', width: 16 },
  { header: '部门', width: 12 },
  { header: '作业类别 / 行业', width: 16 },
  { header: '操作项目', width: 20 },
  { header: '证号', width: 22, kind: 'id' },
  { header: '初领日期', width: 12 },
  { header: '有效期至', width: 12 },
  { header: '应复审日期', width: 12 },
  { header: '实际复审日期', width: 12 },
  { header: '发证机关', width: 18 },
  { header: '核验结果', width: 12, kind: 'status' },
  { header: '核验日期', width: 12 },
  { header: '核验来源', width: 18 },
  { header: '在职状态', width: 10 },
  { header: '状态变化', width: 30 },
];

/** The ledger workbook of `book`, as of `today`. */
export async function ledgerWorkbook(
  book: LedgerBook,
  options: { fullIds: boolean; today: string },
): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const taken = new Set<string>();
  for (const { type, title } of CLASSES) {
    const people = book.people.filter((p) => classOf(p) === type);
    if (people.length === 0 && type === undefined) continue;
    const sheet = addTableSheet(workbook, title, ledgerTable(book.enterprise, title, people, options), taken);
    taken.add(sheet.name.toLowerCase());
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** The file name of a ledger export. */
export function ledgerFileName(enterprise: string, today: string): string {
  return `三项岗位人员持证台账_${enterprise}_${today}.xlsx`;
}

/** The table of one class of the ledger. */
export function ledgerTable(
  enterprise: string,
  title: string,
  people: readonly LedgerPerson[],
  options: { fullIds: boolean; today: string },
): ReportTable {
  return {
    title: `三项岗位人员持证台账（${title}）`,
    meta: [`单位：${enterprise}　　导出日期：${options.today}　　核验结果以全国统一平台 cx.mem.gov.cn 为准`],
    columns: COLUMNS,
    rows: people.map((p, i) => personRow(p, i + 1, options.fullIds)),
    footer: ['负责人：　　　　　　　　填报人：　　　　　　　　联系方式：'],
  };
}

function personRow(person: LedgerPerson, n: number, fullIds: boolean): TableRow {
  const latest = person.latest;
  const cert = latest?.certificate;
  const text = (value: string | undefined) => value ?? '';
  const row: TableRow = {
    cells: [
      n,
      text(person.name),
      displayId(person.idNumber, fullIds),
      personTypeText(classOf(person)),
      text(person.department),
      text(cert?.category ?? cert?.industry),
      text(cert?.item ?? person.item),
      text(cert?.certNumber === undefined ? undefined : displayText(cert.certNumber, fullIds)),
      cert?.firstIssued ?? '',
      cert?.validUntil ?? '',
      cert?.reviewDue ?? '',
      cert?.reviewedOn ?? '',
      text(cert?.issuer),
      latest ? statusLabel(latest.status) : '尚未核验',
      latest?.judgedOn ?? '',
      sourceLabel(latest?.source),
      person.left ? `${person.left} 离职` : '在职',
      historyText(person),
    ],
  };
  if (latest) row.status = latest.status;
  return row;
}

/** The status changes, oldest first: "2026-11-01 有效 → 已过期". */
function historyText(person: LedgerPerson): string {
  return person.history
    .filter((c) => c.from !== undefined)
    .map((c) => `${c.on} ${statusLabel(c.from ?? c.to)} → ${statusLabel(c.to)}`)
    .join('；');
}

/** The people in post of `book` counted by class, as the 检查表 states the ledger (ReportInput.ledger). */
export function ledgerByClass(book: LedgerBook): LedgerByClass {
  const counts: LedgerByClass = { special: 0, principal: 0, manager: 0, unknown: 0 };
  for (const person of book.people) if (isActive(person)) counts[classOf(person) ?? 'unknown'] += 1;
  return counts;
}

function classOf(person: LedgerPerson): PersonType | undefined {
  return person.latest?.personType ?? person.personType;
}
