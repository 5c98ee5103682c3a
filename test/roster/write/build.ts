/**
 * Inputs for the writer tests: verdicts, roster results and findings built from plain values, ID numbers with
 * a correct check character, and the workbook reopened from bytes.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import type { CertificateRecord, PersonType } from '../../../src/domain/certificate.js';
import type { Finding } from '../../../src/domain/finding.js';
import { checkCharacter, queryFromIdCheck, validateIdNumber } from '../../../src/domain/id-number.js';
import type { Requester } from '../../../src/domain/query.js';
import type { CertStatus, VerdictStatus } from '../../../src/domain/status.js';
import type { Verdict } from '../../../src/domain/verdict.js';
import type { BatchResult, BatchRowResult, RosterRow, RosterSheet } from '../../../src/roster/types.js';
import { openStore } from '../../../src/store/store.js';

export const TODAY = '2026-03-10';

/** A valid 18-character ID number from its first 17 digits. */
export function id(first17: string): string {
  return first17 + checkCharacter(first17);
}

/** A special-operations certificate. */
export function cert(
  idNumber: string,
  name: string,
  fields: Partial<CertificateRecord> = {},
): CertificateRecord {
  return {
    kind: 'special',
    idNumber,
    name,
    category: '电工作业',
    item: '低压电工作业',
    validUntil: '2028-05-01',
    reviewDue: '2025-05-01',
    reviewedOn: '2025-04-20',
    ...fields,
  };
}

/** A verdict of `status` for the person, optionally backed by a certificate. */
export function verdict(
  status: VerdictStatus,
  person: { name?: string; idNumber: string; item?: string; personType?: PersonType },
  record?: CertificateRecord,
  extra: Partial<Verdict> = {},
): Verdict {
  const query = queryFromIdCheck(validateIdNumber(person.idNumber, TODAY), {
    ...(person.name ? { name: person.name } : {}),
    ...(person.item ? { item: person.item } : {}),
    ...(person.personType ? { personType: person.personType } : {}),
  });
  const certStatus: CertStatus = (
    ['valid', 'review_due', 'expiring', 'review_overdue', 'expired'] as const
  ).includes(status as CertStatus)
    ? (status as CertStatus)
    : 'valid';
  const assessed = record ? { record, status: certStatus, daysToExpiry: 100 } : undefined;
  return {
    status,
    query,
    ...(assessed && status !== 'item_mismatch' ? { best: assessed } : {}),
    certificates: assessed ? [assessed] : [],
    history: [],
    reasons: [],
    warnings: [],
    source: 'national',
    evidenceAt: '2026-03-10T02:00:00.000Z',
    today: TODAY,
    ...extra,
  };
}

/** One roster row result on sheet `sheet` (columns 序号, 姓名, 身份证号, 工种, 部门). */
export function rowResult(
  sheet: string,
  rowNumber: number,
  v: Verdict,
  department = '生产部',
): BatchRowResult {
  const row: RosterRow = {
    rowNumber,
    cells: [String(rowNumber - 2), v.query.name ?? '', v.query.input, v.query.item ?? '', department],
    query: v.query,
    department,
    problems: [],
  };
  return { sheet, row, verdict: v };
}

/** A roster sheet with a title row above the header (header on row 2). */
export function rosterSheet(name: string, rows: BatchRowResult[]): RosterSheet {
  return {
    name,
    headerRow: 2,
    header: ['序号', '姓名', '身份证号', '工种', '部门'],
    columns: { name: 1, idNumber: 2, item: 3, department: 4 },
    columnNotes: [],
    aboveHeader: [{ rowNumber: 1, cells: ['某某化工有限公司三项岗位人员持证台账'] }],
    rows: rows.map((r) => r.row),
  };
}

/** A batch result of the given row results on one sheet. */
export function batch(results: BatchRowResult[], sheetName = '特种作业人员'): BatchResult {
  return {
    roster: { fileName: '台账.xlsx', sheets: [rosterSheet(sheetName, results)], warnings: [] },
    results,
    startedAt: '2026-03-10T01:00:00.000Z',
    finishedAt: '2026-03-10T01:05:00.000Z',
    today: TODAY,
  };
}

/** A finding as the store keeps it. */
export function finding(
  status: VerdictStatus,
  person: { name?: string; idNumber: string; item?: string },
  fields: Partial<Finding> = {},
): Finding {
  const requester: Requester = {
    channel: 'chat',
    userId: 'wxid_1',
    userName: '王安全',
    room: '安全群',
    enterprise: '甲公司',
  };
  return {
    id: `F-${status}-${person.idNumber}`,
    status,
    idNumber: person.idNumber,
    ...(person.name ? { name: person.name } : {}),
    ...(person.item ? { item: person.item } : {}),
    requester,
    // One person asked about in chat: the asker holds the card, so a certificate not found is a lead.
    claim: 'asked',
    enterprise: '甲公司',
    day: '2026-03-02',
    firstAt: '2026-03-02T01:00:00.000Z',
    lastAt: '2026-03-02T03:00:00.000Z',
    count: 1,
    reasons: [],
    evidence: {
      source: 'national',
      platformSaid: '没有查询到相关证件信息',
      answeredAt: '2026-03-02T01:00:00.000Z',
      certificates: [],
    },
    ...fields,
  };
}

/** Reopen xlsx bytes with exceljs. */
export async function openWorkbook(bytes: Buffer): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  return workbook;
}

/** Text of a cell (rich text and numbers as text). */
export function text(sheet: ExcelJS.Worksheet, row: number, column: number): string {
  return sheet.getRow(row).getCell(column).text;
}

/** ARGB of a cell's solid fill, if any. */
export function fillOf(sheet: ExcelJS.Worksheet, row: number, column: number): string | undefined {
  const fill = sheet.getRow(row).getCell(column).fill;
  return fill && fill.type === 'pattern' ? fill.fgColor?.argb : undefined;
}

/** A fresh temp directory and its cleanup. */
export async function tempDir(): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'cert-write-'));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** A data directory (`<dir>/data`) whose findings log holds `found` (as reported at its first report), closed. */
export async function storeWithFinding(dir: string, found: Finding): Promise<void> {
  const store = await openStore(join(dir, 'data'), { cache: { positiveTtlDays: 7, negativeTtlDays: 1 } });
  const { id: _i, day: _d, firstAt, lastAt: _l, count: _c, ...input } = found;
  await store.findings.record(input, new Date(firstAt));
  await store.close();
}
